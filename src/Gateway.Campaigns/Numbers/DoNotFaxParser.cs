namespace Gateway.Campaigns.Numbers;

/// <summary>
/// Reads a do-not-fax import in CSV (RFC 4180; a header line naming <c>number</c> and optionally <c>reason</c> and
/// <c>region</c>, any order). Structural problems are reported per line with the field <c>header</c> or <c>line</c>;
/// the numbers themselves are checked by <see cref="CampaignService.ImportDoNotFaxAsync"/>.
/// </summary>
public static class DoNotFaxParser
{
    public static (IReadOnlyList<DoNotFaxRow> Rows, IReadOnlyList<DestinationError> Errors) ParseCsv(string text)
    {
        var rows = new List<DoNotFaxRow>();
        var errors = new List<DestinationError>();
        var records = CsvReader.Read(text, out var unterminatedAt);
        if (unterminatedAt > 0)
        {
            // RFC 4180 §2 (6), (7): a quoted field ends with a closing double quote.
            errors.Add(new DestinationError(unterminatedAt, "line", null, "a quoted field is never closed"));
            return (rows, errors);
        }

        if (records.Count == 0)
        {
            errors.Add(new DestinationError(1, "header", null, "empty upload: expected a header line with a 'number' column"));
            return (rows, errors);
        }

        var (headerLine, header) = records[0];
        var columns = header.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var numberCol = Array.IndexOf(columns, "number");
        var reasonCol = Array.IndexOf(columns, "reason");
        var regionCol = Array.IndexOf(columns, "region");
        if (numberCol < 0)
        {
            errors.Add(new DestinationError(headerLine, "header", string.Join(",", header), "no 'number' column"));
            return (rows, errors);
        }

        var unknown = columns.Where((c, i) => i != numberCol && i != reasonCol && i != regionCol).ToArray();
        if (unknown.Length > 0)
        {
            errors.Add(new DestinationError(headerLine, "header", string.Join(",", unknown), "unknown column(s); allowed: number, reason, region"));
            return (rows, errors);
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Trim().Length == 0)
            {
                continue; // blank line
            }

            if (fields.Length != columns.Length)
            {
                errors.Add(new DestinationError(line, "line", string.Join(",", fields), $"has {fields.Length} fields, the header has {columns.Length}"));
                continue;
            }

            rows.Add(new DoNotFaxRow(line, fields[numberCol], reasonCol >= 0 ? Blank(fields[reasonCol]) : null, regionCol >= 0 ? Blank(fields[regionCol]) : null));
        }

        return (rows, errors);
    }

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
