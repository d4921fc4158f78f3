namespace Gateway.Campaigns.Numbers;

/// <summary>
/// Reads a do-not-fax import in CSV (RFC 4180; a header line naming <c>number</c> and optionally <c>reason</c> and
/// <c>region</c>, any order). Structural problems are reported per line with the field <c>header</c> or <c>line</c>;
/// the numbers themselves are checked by <see cref="CampaignService.ImportDoNotFaxAsync"/>.
/// </summary>
public static class DoNotFaxParser
{
    private static readonly string[][] Columns = [["number"], ["reason"], ["region"]];

    public static (IReadOnlyList<DoNotFaxRow> Rows, IReadOnlyList<DestinationError> Errors) ParseCsv(string text)
    {
        var errors = new List<DestinationError>();
        var rows = CsvTable.Read(text, Columns, errors)
            .Select(r => new DoNotFaxRow(r.Line, r.Values[0]!, Blank(r.Values[1]), Blank(r.Values[2])))
            .ToList();
        return (rows, errors);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
