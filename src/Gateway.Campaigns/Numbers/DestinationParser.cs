using System.Text;
using System.Text.Json;

namespace Gateway.Campaigns.Numbers;

/// <summary>
/// Reads destination uploads. CSV (RFC 4180 quoting): a header line naming the columns <c>number</c> (required),
/// <c>time_zone</c> and <c>reference</c> (optional, any order). JSON: an array of objects
/// <c>{"number": "...", "timeZone": "...", "reference": "..."}</c>. Errors name the line (CSV) or item (JSON, 1-based).
/// </summary>
public static class DestinationParser
{
    private static readonly string[][] CsvColumns = [["number"], ["time_zone", "timezone", "tz"], ["reference"]];

    /// <summary>Parses CSV text; returns the inputs and the per-line errors found.</summary>
    public static (IReadOnlyList<DestinationInput> Inputs, IReadOnlyList<DestinationError> Errors) ParseCsv(string text)
    {
        var errors = new List<DestinationError>();
        var inputs = CsvTable.Read(text, CsvColumns, errors)
            .Select(r => new DestinationInput(r.Line, r.Values[0]!, Blank(r.Values[1]), Blank(r.Values[2])))
            .ToList();
        return (inputs, errors);
    }

    /// <summary>Parses a JSON array of destination objects.</summary>
    public static (IReadOnlyList<DestinationInput> Inputs, IReadOnlyList<DestinationError> Errors) ParseJson(ReadOnlySpan<byte> utf8)
    {
        var inputs = new List<DestinationInput>();
        var errors = new List<DestinationError>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException e)
        {
            errors.Add(new DestinationError((int)(e.LineNumber ?? 0) + 1, "json", null, $"malformed JSON: {e.Message}"));
            return (inputs, errors);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new DestinationError(1, "json", null, "expected an array of destinations"));
                return (inputs, errors);
            }

            var item = 0;
            foreach (var el in doc.RootElement.EnumerateArray())
            {
                item++;
                if (el.ValueKind == JsonValueKind.String)
                {
                    inputs.Add(new DestinationInput(item, el.GetString()!));
                    continue;
                }

                if (el.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new DestinationError(item, "item", el.GetRawText(), "expected an object or a number string"));
                    continue;
                }

                string? number = null, zone = null, reference = null;
                var bad = false;
                var numberSeen = false;
                foreach (var prop in el.EnumerateObject())
                {
                    numberSeen |= prop.Name.Equals("number", StringComparison.OrdinalIgnoreCase);
                    if (prop.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        errors.Add(new DestinationError(item, prop.Name, prop.Value.GetRawText(), "expected a string"));
                        bad = true;
                        continue;
                    }

                    var value = prop.Value.ValueKind == JsonValueKind.Null ? null : prop.Value.GetString();
                    switch (prop.Name.ToLowerInvariant())
                    {
                        case "number": number = value; break;
                        case "timezone" or "time_zone": zone = Blank(value); break;
                        case "reference": reference = Blank(value); break;
                        default:
                            errors.Add(new DestinationError(item, prop.Name, value, "unknown field; allowed: number, timeZone, reference"));
                            bad = true;
                            break;
                    }
                }

                if (number is null && !numberSeen)
                {
                    errors.Add(new DestinationError(item, "number", null, "missing"));
                }
                else if (!bad && number is not null)
                {
                    inputs.Add(new DestinationInput(item, number, zone, reference));
                }
            }
        }

        return (inputs, errors);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
