using System.Text;
using Gateway.Engine;

namespace Gateway.Api;

/// <summary>
/// Destinations as CSV (RFC 4180: comma-separated, double-quoted fields with "" escapes, CRLF or LF).
/// The first line is a header naming the columns: <c>number</c> (required), <c>timeZone</c>, <c>name</c>,
/// <c>reference</c>, in any order and case. Unknown columns are an error, so a typo is never ignored.
/// </summary>
public static class DestinationCsv
{
    /// <summary>Parsed rows with their 1-based line numbers, or a format error.</summary>
    public static (List<(int Line, DestinationInput Row)>? Rows, string? Error) Parse(string text)
    {
        var records = new List<(int Line, List<string> Fields)>();
        var field = new StringBuilder();
        var fields = new List<string>();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var i = 0;
        if (text.StartsWith('\uFEFF'))
        {
            i = 1;
        }

        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case '"':
                    return (null, $"line {line}: a quote inside an unquoted field");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            return (null, $"line {recordLine}: unterminated quoted field");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        records.RemoveAll(r => r.Fields.All(string.IsNullOrWhiteSpace));
        if (records.Count == 0)
        {
            return (null, "the CSV is empty; the first line must be a header such as 'number,timeZone,name,reference'");
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var known = new[] { "number", "timezone", "name", "reference" };
        var unknown = header.Where(h => !known.Contains(h)).ToList();
        if (unknown.Count > 0 || !header.Contains("number") || header.Distinct().Count() != header.Count)
        {
            return (null, $"line 1: the header must name a 'number' column and only number, timeZone, name, reference (got: {string.Join(", ", records[0].Fields)})");
        }

        var rows = new List<(int, DestinationInput)>();
        foreach (var (ln, f) in records.Skip(1))
        {
            if (f.Count != header.Count)
            {
                return (null, $"line {ln}: {f.Count} field(s), the header has {header.Count}");
            }

            string? Get(string col) => header.IndexOf(col) is var k and >= 0 && f[k].Trim() is { Length: > 0 } v ? v : null;
            rows.Add((ln, new DestinationInput { Number = Get("number"), TimeZone = Get("timezone"), Name = Get("name"), Reference = Get("reference") }));
        }

        return (rows, null);
    }
}
