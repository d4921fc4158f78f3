using static Gateway.Cli.Verbs.VerbHelpers;

namespace Gateway.Cli.Verbs;

/// <summary><c>gateway retry-batch create|list|cancel</c>: scheduled "retry failed/pending destinations" runs.</summary>
public static class RetryBatchVerbs
{
    /// <summary>All retry-batch verbs.</summary>
    public static IEnumerable<Verb> Create()
    {
        yield return new Verb(["retry-batch", "create"], "schedule a retry of a campaign's failed/pending destinations",
            "CAMPAIGN_ID (--at ISO-8601-TIME | --daily HH:MM [--timezone IANA]) " + ClientOptions,
            new HashSet<string> { "json" }, CreateAsync);
        yield return new Verb(["retry-batch", "list"], "list retry batches", "[--campaign CAMPAIGN_ID] " + ClientOptions,
            new HashSet<string> { "json" }, ListAsync);
        yield return new Verb(["retry-batch", "cancel"], "cancel a retry batch", "BATCH_ID " + ClientOptions,
            new HashSet<string> { "json" }, CancelAsync);
    }

    private static Task<int> CreateAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var campaign = Id(ctx, 0, "CAMPAIGN_ID");
            var at = ctx.Args.Option("at");
            var daily = ctx.Args.Option("daily");
            var tz = ctx.Args.Option("timezone");
            ctx.Args.EnsureAllUsed(1);
            if ((at is null) == (daily is null))
            {
                throw new UsageException("give exactly one of --at or --daily");
            }

            DateTimeOffset? when = null;
            if (at is not null)
            {
                if (!DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
                {
                    throw new UsageException($"--at '{at}' is not an ISO 8601 time such as 2026-12-01T02:00:00Z");
                }

                when = parsed;
            }

            if (daily is not null && !TimeOnly.TryParseExact(daily, "HH:mm", out _))
            {
                throw new UsageException($"--daily '{daily}' is not HH:MM");
            }

            var r = await client.PostJsonAsync($"api/v1/campaigns/{campaign}/retry-batches", new { at = when, dailyAt = daily, timeZone = tz }, ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await (json ? WriteJsonAsync(ctx, r.Body!.Value) : ctx.Out.WriteLineAsync($"{Str(r.Body!.Value, "id")}\tnext run {Str(r.Body!.Value, "nextRunAt")}"));
            return ExitCodes.Ok;
        });

    private static Task<int> ListAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 0, async (client, json) =>
        {
            var campaign = ctx.Args.Option("campaign");
            ctx.Args.EnsureAllUsed(0);
            var r = await client.GetAsync("api/v1/retry-batches" + (campaign is null ? "" : "?campaignId=" + Uri.EscapeDataString(campaign)), ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            if (json)
            {
                await WriteJsonAsync(ctx, r.Body!.Value);
                return ExitCodes.Ok;
            }

            TableWriter.Write(ctx.Out, ["ID", "CAMPAIGN", "SCHEDULE", "NEXT RUN", "LAST RUN", "STATE"],
                r.Body!.Value.EnumerateArray().Select(b => (IReadOnlyList<string?>)
                [
                    Str(b, "id"), Str(b, "campaignId"), Str(b, "dailyAt") is { Length: > 0 } d ? "daily " + d + " " + Str(b, "timeZone") : "once",
                    Str(b, "nextRunAt"), Str(b, "lastRunAt"), Str(b, "state"),
                ]));
            return ExitCodes.Ok;
        });

    private static Task<int> CancelAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, _) =>
        {
            var id = Id(ctx, 0, "BATCH_ID");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.DeleteAsync($"api/v1/retry-batches/{id}", ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await ctx.Out.WriteLineAsync($"cancelled {id}");
            return ExitCodes.Ok;
        });
}
