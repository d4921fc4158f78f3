using System.Text.RegularExpressions;

namespace Gateway.Cli.Verbs;

/// <summary>
/// Parses <c>--window "mon-fri 09:00-12:00 13:00-17:00"</c> into the API's call-window objects
/// (<c>{days, from, to}</c>, one per range).
/// </summary>
public static partial class WindowArgument
{
    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The window objects for one argument.</summary>
    public static IEnumerable<object> Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            throw new UsageException($"--window '{text}': expected 'DAYS HH:MM-HH:MM [HH:MM-HH:MM ...]', e.g. 'mon-fri 09:00-17:00'");
        }

        var days = ParseDays(parts[0], text);
        foreach (var range in parts.Skip(1))
        {
            var m = RangePattern().Match(range);
            if (!m.Success)
            {
                throw new UsageException($"--window '{text}': '{range}' is not HH:MM-HH:MM");
            }

            yield return new { days, from = m.Groups[1].Value, to = m.Groups[2].Value };
        }
    }

    private static string[] ParseDays(string spec, string text)
    {
        var result = new List<string>();
        foreach (var piece in spec.ToLowerInvariant().Split(','))
        {
            var ends = piece.Split('-');
            var a = Array.IndexOf(Days, ends[0]);
            var b = ends.Length == 2 ? Array.IndexOf(Days, ends[1]) : a;
            if (a < 0 || b < 0 || ends.Length > 2)
            {
                throw new UsageException($"--window '{text}': '{piece}' is not a day or day range (mon..sun)");
            }

            for (var i = a; ; i = (i + 1) % 7)
            {
                if (!result.Contains(Days[i]))
                {
                    result.Add(Days[i]);
                }

                if (i == b)
                {
                    break;
                }
            }
        }

        return [.. result];
    }

    [GeneratedRegex(@"^(\d{2}:\d{2})-(\d{2}:\d{2})$")]
    private static partial Regex RangePattern();
}
