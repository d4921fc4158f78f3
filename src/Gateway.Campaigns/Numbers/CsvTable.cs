namespace Gateway.Campaigns.Numbers;

/// <summary>
/// An uploaded CSV table whose header line names its columns (any order): the first declared column is required,
/// the others optional, each with the names it may go by. Structural problems (an open quote, no header, a missing
/// or unknown column, a line with the wrong number of fields) are reported per line with the field
/// <c>header</c> or <c>line</c>; blank lines are skipped.
/// </summary>
internal static class CsvTable
{
    /// <param name="columns">Per declared column, its accepted header names (lower case, spaces as <c>_</c>); the first name is the one error messages use.</param>
    /// <returns>Per data line, its line number and the value of each declared column (null where the header lacks it).</returns>
    public static List<(int Line, string?[] Values)> Read(string text, IReadOnlyList<string[]> columns, List<DestinationError> errors)
    {
        var rows = new List<(int, string?[])>();
        var records = CsvReader.Read(text, out var unterminatedAt);
        if (unterminatedAt > 0)
        {
            // RFC 4180 §2 (6), (7): a quoted field ends with a closing double quote.
            errors.Add(new DestinationError(unterminatedAt, "line", null, "a quoted field is never closed"));
            return rows;
        }

        string required = columns[0][0];
        if (records.Count == 0)
        {
            errors.Add(new DestinationError(1, "header", null, $"empty upload: expected a header line with a '{required}' column"));
            return rows;
        }

        var (headerLine, header) = records[0];
        var names = header.Select(h => h.Trim().ToLowerInvariant().Replace(' ', '_')).ToArray();
        var index = columns.Select(aliases => Array.FindIndex(names, n => aliases.Contains(n))).ToArray();
        if (index[0] < 0)
        {
            errors.Add(new DestinationError(headerLine, "header", string.Join(",", header), $"no '{required}' column"));
            return rows;
        }

        var unknown = names.Where((_, i) => !index.Contains(i)).ToArray();
        if (unknown.Length > 0)
        {
            errors.Add(new DestinationError(headerLine, "header", string.Join(",", unknown), $"unknown column(s); allowed: {string.Join(", ", columns.Select(c => c[0]))}"));
            return rows;
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Trim().Length == 0)
            {
                continue; // blank line
            }

            if (fields.Length != names.Length)
            {
                errors.Add(new DestinationError(line, "line", string.Join(",", fields), $"has {fields.Length} fields, the header has {names.Length}"));
                continue;
            }

            rows.Add((line, index.Select(i => i >= 0 ? fields[i] : null).ToArray()));
        }

        return rows;
    }
}
