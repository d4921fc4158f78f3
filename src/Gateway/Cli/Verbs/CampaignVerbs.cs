using System.Text.Json;
using static Gateway.Cli.Verbs.VerbHelpers;

namespace Gateway.Cli.Verbs;

/// <summary><c>gateway campaign create|start|pause|resume|cancel|status|report|list</c>.</summary>
public static partial class CampaignVerbs
{
    private static readonly HashSet<string> JsonFlag = ["json"];

    /// <summary>All campaign verbs.</summary>
    public static IEnumerable<Verb> Create()
    {
        yield return new Verb(["campaign", "create"], "create a campaign (uploads documents and destinations)",
            "--name NAME [--document FILE]... [--document-id ID]... [--destinations FILE.csv|FILE.json] [--timezone IANA] [--region CC] " +
            "[--window \"mon-fri 09:00-17:00\"]... [--holiday YYYY-MM-DD]... [--tsi ID] [--header TEXT] [--caller NUMBER] " +
            "[--priority N] [--webhook URL --webhook-secret S] [--spec FILE.json] [--start] " + ClientOptions,
            new HashSet<string> { "json", "start" }, CreateAsync);
        foreach (var action in new[] { "start", "pause", "resume", "cancel" })
        {
            yield return new Verb(["campaign", action], $"{action} a campaign", "CAMPAIGN_ID " + ClientOptions, JsonFlag,
                ctx => ActionAsync(ctx, action));
        }

        yield return new Verb(["campaign", "status"], "show a campaign's state and progress (--watch: live progress bar)",
            "CAMPAIGN_ID [--watch] [--interval SECONDS] " + ClientOptions, new HashSet<string> { "json", "watch" }, StatusAsync);
        yield return new Verb(["campaign", "report"], "every destination's outcome as CSV (to standard output or --out FILE)",
            "CAMPAIGN_ID [--out FILE.csv] " + ClientOptions, new HashSet<string>(), ReportAsync);
        yield return new Verb(["campaign", "list"], "list campaigns",
            "[--state draft|active|paused|cancelled|completed] [--name TEXT] [--page N] [--page-size N] " + ClientOptions, JsonFlag, ListAsync);
    }

    private static Task<int> ActionAsync(VerbContext ctx, string action) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var id = Id(ctx, 0, "CAMPAIGN_ID");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.PostJsonAsync($"api/v1/campaigns/{id}/{action}", null, ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            if (json)
            {
                await WriteJsonAsync(ctx, r.Body!.Value);
            }
            else
            {
                await ctx.Out.WriteLineAsync($"campaign {id}: {Str(r.Body!.Value, "state")}");
            }

            return ExitCodes.Ok;
        });

    private static Task<int> ReportAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var id = Id(ctx, 0, "CAMPAIGN_ID");
            var output = ctx.Args.Option("out");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.GetAsync($"api/v1/campaigns/{id}/report", ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            if (output is null)
            {
                await ctx.Out.WriteAsync(r.RawBody);
                return ExitCodes.Ok;
            }

            try
            {
                await File.WriteAllTextAsync(output, r.RawBody, new System.Text.UTF8Encoding(false), ctx.Cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write '{output}': {e.Message}");
            }

            await ctx.Out.WriteLineAsync($"report of campaign {id} written to {output}");
            return ExitCodes.Ok;
        });

    private static Task<int> ListAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 0, async (client, json) =>
        {
            var query = new List<string>();
            if (ctx.Args.Option("state") is { } state)
            {
                query.Add("state=" + Uri.EscapeDataString(state));
            }

            if (ctx.Args.Option("name") is { } name)
            {
                query.Add("name=" + Uri.EscapeDataString(name));
            }

            if (ctx.Args.Int("page", 1, int.MaxValue) is { } page)
            {
                query.Add($"page={page}");
            }

            if (ctx.Args.Int("page-size", 1, 10_000) is { } size)
            {
                query.Add($"pageSize={size}");
            }

            ctx.Args.EnsureAllUsed(0);
            var r = await client.GetAsync("api/v1/campaigns" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            var body = r.Body!.Value;
            if (json)
            {
                await WriteJsonAsync(ctx, body);
                return ExitCodes.Ok;
            }

            TableWriter.Write(ctx.Out, ["ID", "NAME", "STATE", "PRIORITY", "TOTAL", "SUCCEEDED", "FAILED", "CREATED"],
                Prop(body, "items").EnumerateArray().Select(c => (IReadOnlyList<string?>)
                [
                    Str(c, "id"), Str(c, "name"), Str(c, "state"), Str(c, "priority"),
                    Str(Prop(c, "counts"), "total"), Str(Prop(c, "counts"), "succeeded"), Str(Prop(c, "counts"), "failed"), Str(c, "createdAt"),
                ]));
            await ctx.Out.WriteLineAsync($"page {Str(body, "page")} of {Math.Max(1, (Long(body, "total") + Long(body, "pageSize") - 1) / Math.Max(1, Long(body, "pageSize")))}, {Str(body, "total")} campaign(s)");
            return ExitCodes.Ok;
        });

    private static Task<int> StatusAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var id = Id(ctx, 0, "CAMPAIGN_ID");
            var watch = ctx.Args.Flag("watch");
            var interval = ctx.Args.Int("interval", 1, 3600) ?? 2;
            ctx.Args.EnsureAllUsed(1);
            while (true)
            {
                var r = await client.GetAsync($"api/v1/campaigns/{id}", ctx.Cancellation);
                if (await FailAsync(ctx, r) is { } code)
                {
                    if (watch)
                    {
                        await ctx.Out.WriteLineAsync();
                    }

                    return code;
                }

                var c = r.Body!.Value;
                if (!watch)
                {
                    await (json ? WriteJsonAsync(ctx, c) : WriteStatusAsync(ctx, c));
                    return ExitCodes.Ok;
                }

                var counts = Prop(c, "counts");
                var total = Long(counts, "total");
                var done = Long(counts, "succeeded") + Long(counts, "failed") + Long(counts, "refused") + Long(counts, "cancelled");
                var state = Str(c, "state");
                await ctx.Out.WriteAsync("\r" + ProgressBar.Render(done, total, 30,
                    $"{state}  ok {Long(counts, "succeeded")}  failed {Long(counts, "failed")}  active {Long(counts, "active")}   "));
                if (state is "completed" or "cancelled")
                {
                    await ctx.Out.WriteLineAsync();
                    return ExitCodes.Ok;
                }

                await Task.Delay(TimeSpan.FromSeconds(interval), ctx.Cancellation);
            }
        });

    private static async Task WriteStatusAsync(VerbContext ctx, JsonElement c)
    {
        var counts = Prop(c, "counts");
        TableWriter.Write(ctx.Out, ["FIELD", "VALUE"],
        [
            ["id", Str(c, "id")], ["name", Str(c, "name")], ["state", Str(c, "state")], ["priority", Str(c, "priority")],
            ["created", Str(c, "createdAt")],
        ]);
        await ctx.Out.WriteLineAsync();
        TableWriter.Write(ctx.Out, ["TOTAL", "PENDING", "ACTIVE", "SUCCEEDED", "FAILED", "REFUSED", "CANCELLED"],
        [
            [Str(counts, "total"), Str(counts, "pending"), Str(counts, "active"), Str(counts, "succeeded"), Str(counts, "failed"), Str(counts, "refused"), Str(counts, "cancelled")],
        ]);
    }
}
