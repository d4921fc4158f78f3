using System.Text;

namespace Gateway.Campaigns.Numbers;

/// <summary>RFC 4180 records with the 1-based line each starts on.</summary>
internal static class CsvReader
{
    /// <param name="unterminatedAt">Line of a quoted field left open at the end of the text, else 0.</param>
    public static List<(int Line, string[] Fields)> Read(string text, out int unterminatedAt)
    {
        unterminatedAt = 0;
        var quoteLine = 0;
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteLine = line;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields.ToArray()));
                    fields.Clear();
                    any = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            unterminatedAt = quoteLine;
        }

        if (any || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }

        // A leading UTF-8 BOM is not part of the first column name.
        if (records.Count > 0 && records[0].Item2.Length > 0)
        {
            records[0].Item2[0] = records[0].Item2[0].TrimStart('\uFEFF');
        }

        return records;
    }
}
