using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns;

public sealed partial class CampaignService
{
    /// <summary>Longest reason a do-not-fax entry keeps.</summary>
    public const int MaxDoNotFaxReasonLength = 500;

    /// <summary>
    /// Adds many numbers to the do-not-fax list at once, all or nothing: every row is checked first (the number in
    /// E.164 with its own <c>region</c> or <paramref name="defaultRegion"/> for national forms, the reason's length),
    /// and any bad row throws <see cref="DoNotFaxRejectedException"/> listing all of them, with nothing added. Then one
    /// store transaction adds the numbers not yet listed; listed ones keep their entry, numbers repeated in the import
    /// count once.
    /// </summary>
    public async Task<DoNotFaxImportResult> ImportDoNotFaxAsync(IReadOnlyList<DoNotFaxRow> rows, string? defaultRegion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<DestinationError>();
        if (rows.Count == 0)
        {
            throw new DoNotFaxRejectedException([new DestinationError(1, "entries", null, "no entries: nothing to import")]);
        }

        var resolvers = new Dictionary<string, DestinationResolver>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<DoNotFaxEntry>(rows.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = 0;
        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            var region = row.Region ?? defaultRegion ?? "";
            if (!resolvers.TryGetValue(region, out var resolver))
            {
                resolvers[region] = resolver = new DestinationResolver(region.Length == 0 ? null : region, null);
            }

            string number;
            try
            {
                number = resolver.Normalize(row.Number);
            }
            catch (DestinationException e)
            {
                errors.Add(e.Error with { Line = row.Line, Field = "number", Value = row.Number });
                continue;
            }

            var reason = string.IsNullOrWhiteSpace(row.Reason) ? null : row.Reason.Trim();
            if (reason is { Length: > MaxDoNotFaxReasonLength })
            {
                errors.Add(new DestinationError(row.Line, "reason", null, $"at most {MaxDoNotFaxReasonLength} characters"));
                continue;
            }

            if (!seen.Add(number))
            {
                repeated++;
                continue;
            }

            entries.Add(new DoNotFaxEntry(number, reason, now));
        }

        if (errors.Count > 0)
        {
            throw new DoNotFaxRejectedException(errors);
        }

        var added = await store.AddDoNotFaxManyAsync(entries, cancellationToken);
        return new DoNotFaxImportResult(added, entries.Count - added.Count, repeated);
    }
}
