namespace Gateway.Cli;

/// <summary>
/// Arguments after the verb: positionals plus <c>--name value</c>, <c>--name=value</c> and bare flags.
/// Options may repeat (<c>--document a.pdf --document b.tif</c>). Every option a verb reads is marked,
/// and <see cref="EnsureAllUsed"/> rejects the rest so a typo is never silently ignored.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, List<string?>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandArguments(List<string> positionals) => Positionals = positionals;

    /// <summary>Positional arguments in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses raw arguments; <paramref name="flagNames"/> are options that never take a value.</summary>
    public static CommandArguments Parse(IEnumerable<string> args, IReadOnlySet<string> flagNames)
    {
        var positionals = new List<string>();
        var result = new CommandArguments(positionals);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a == "--")
            {
                positionals.AddRange(list.Skip(i + 1));
                break;
            }

            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                positionals.Add(a);
                continue;
            }

            var body = a[2..];
            string name;
            string? value = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                name = body[..eq];
                value = body[(eq + 1)..];
            }
            else
            {
                name = body;
                if (!flagNames.Contains(name))
                {
                    if (i + 1 >= list.Count)
                    {
                        throw new UsageException($"option --{name} needs a value");
                    }

                    value = list[++i];
                }
            }

            if (!result._options.TryGetValue(name, out var values))
            {
                result._options[name] = values = [];
            }

            values.Add(value);
        }

        return result;
    }

    /// <summary>True if the bare flag was given.</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>The last value of an option, or null.</summary>
    public string? Option(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v[^1] : null;
    }

    /// <summary>Every value of a repeatable option.</summary>
    public IReadOnlyList<string> Options(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v.Where(x => x is not null).Select(x => x!).ToList() : [];
    }

    /// <summary>A required option.</summary>
    public string Required(string name) => Option(name) ?? throw new UsageException($"missing required option --{name}");

    /// <summary>An integer option within a range.</summary>
    public int? Int(string name, int min, int max)
    {
        var s = Option(name);
        if (s is null)
        {
            return null;
        }

        if (!int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new UsageException($"--{name} must be an integer from {min} to {max}, got '{s}'");
        }

        return n;
    }

    /// <summary>The positional at <paramref name="index"/> or a usage error naming it.</summary>
    public string Positional(int index, string what) =>
        index < Positionals.Count ? Positionals[index] : throw new UsageException($"missing {what}");

    /// <summary>Rejects options nobody read and surplus positionals.</summary>
    public void EnsureAllUsed(int positionalCount)
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }

        if (Positionals.Count > positionalCount)
        {
            throw new UsageException($"unexpected argument '{Positionals[positionalCount]}'");
        }
    }
}
