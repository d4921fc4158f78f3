namespace Gateway.Cli;

/// <summary>Plain-text tables with padded columns, for terminals and for `grep`/`awk` alike.</summary>
public static class TableWriter
{
    /// <summary>Writes a header row, a rule and the rows; cells are trimmed to 60 characters.</summary>
    public static void Write(TextWriter w, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var data = rows.Select(r => r.Select(c => Clip(c ?? "")).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, data.Count == 0 ? 0 : data.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        w.WriteLine(Row(headers.ToArray(), widths));
        w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
        foreach (var r in data)
        {
            w.WriteLine(Row(r, widths));
        }

        if (data.Count == 0)
        {
            w.WriteLine("(none)");
        }
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", widths.Select((wd, i) => (i < cells.Length ? cells[i] : "").PadRight(wd))).TrimEnd();

    private static string Clip(string s) => s.Length <= 60 ? s.ReplaceLineEndings(" ") : s[..57] + "...";
}
