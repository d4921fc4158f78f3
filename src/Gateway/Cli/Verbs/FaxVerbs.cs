using System.Text.Json.Nodes;
using static Gateway.Cli.Verbs.VerbHelpers;

namespace Gateway.Cli.Verbs;

/// <summary><c>gateway fax send|status|cancel</c>: single faxes (campaigns of one).</summary>
public static class FaxVerbs
{
    /// <summary>All fax verbs.</summary>
    public static IEnumerable<Verb> Create()
    {
        yield return new Verb(["fax", "send"], "send one fax (uploads the document)",
            "--to NUMBER (--document FILE | --document-id ID)... [--timezone IANA] [--region CC] [--tsi ID] [--header TEXT] " +
            "[--caller NUMBER] [--priority N] [--webhook URL --webhook-secret S] " + ClientOptions,
            new HashSet<string> { "json" }, SendAsync);
        yield return new Verb(["fax", "status"], "show a fax and its attempts", "FAX_ID " + ClientOptions, new HashSet<string> { "json" }, StatusAsync);
        yield return new Verb(["fax", "cancel"], "cancel a fax that has not been sent", "FAX_ID " + ClientOptions, new HashSet<string> { "json" }, CancelAsync);
    }

    private static Task<int> SendAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 0, async (client, json) =>
        {
            var body = new JsonObject { ["to"] = ctx.Args.Required("to") };
            foreach (var (opt, field) in new[] { ("timezone", "timeZone"), ("region", "defaultRegion") })
            {
                if (ctx.Args.Option(opt) is { } v)
                {
                    body[field] = v;
                }
            }

            var sender = new JsonObject();
            foreach (var (opt, field) in new[] { ("tsi", "tsi"), ("header", "headerText"), ("caller", "callerNumber") })
            {
                if (ctx.Args.Option(opt) is { } v)
                {
                    sender[field] = v;
                }
            }

            if (sender.Count > 0)
            {
                body["sender"] = sender;
            }

            if (ctx.Args.Int("priority", 0, 255) is { } p)
            {
                body["priority"] = p;
            }

            var webhook = ctx.Args.Option("webhook");
            var secret = ctx.Args.Option("webhook-secret");
            if ((webhook is null) != (secret is null))
            {
                throw new UsageException("--webhook and --webhook-secret go together");
            }

            if (webhook is not null)
            {
                body["webhook"] = new JsonObject { ["url"] = webhook, ["secret"] = secret };
            }

            var files = ctx.Args.Options("document");
            var ids = ctx.Args.Options("document-id").ToList();
            ctx.Args.EnsureAllUsed(0);
            if (files.Count + ids.Count == 0)
            {
                throw new UsageException("give at least one --document FILE or --document-id ID");
            }

            var (uploaded, failure) = await DocumentUpload.UploadAllAsync(ctx, client, files);
            if (failure is { } f)
            {
                return f;
            }

            ids.AddRange(uploaded);
            body["documentIds"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]);
            var r = await client.PostJsonAsync("api/v1/faxes", body, ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await (json ? WriteJsonAsync(ctx, r.Body!.Value) : ctx.Out.WriteLineAsync($"{Str(r.Body!.Value, "id")}\t{Str(r.Body!.Value, "status")}"));
            return ExitCodes.Ok;
        });

    private static Task<int> StatusAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var id = Id(ctx, 0, "FAX_ID");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.GetAsync($"api/v1/faxes/{id}", ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            var fax = r.Body!.Value;
            if (json)
            {
                await WriteJsonAsync(ctx, fax);
                return ExitCodes.Ok;
            }

            TableWriter.Write(ctx.Out, ["FIELD", "VALUE"],
            [
                ["id", Str(fax, "id")], ["to", Str(fax, "to")], ["status", Str(fax, "status")], ["timeZone", Str(fax, "timeZone")],
                ["attempts", Str(fax, "attemptCount")], ["nextAttemptAt", Str(fax, "nextAttemptAt")], ["lastFailure", Str(fax, "lastFailureClass")],
            ]);
            var attempts = await client.GetAsync($"api/v1/faxes/{id}/attempts", ctx.Cancellation);
            if (await FailAsync(ctx, attempts) is { } code2)
            {
                return code2;
            }

            await ctx.Out.WriteLineAsync();
            TableWriter.Write(ctx.Out, ["#", "STARTED", "ENDED", "OUTCOME", "SIP", "PAGES", "REMOTE"],
                attempts.Body!.Value.EnumerateArray().Select(a => (IReadOnlyList<string?>)
                [
                    Str(a, "number"), Str(a, "startedAt"), Str(a, "endedAt"), Str(a, "outcome"), Str(a, "sipStatus"), Str(a, "pagesConfirmed"), Str(a, "remoteIdent"),
                ]));
            return ExitCodes.Ok;
        });

    private static Task<int> CancelAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var id = Id(ctx, 0, "FAX_ID");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.PostJsonAsync($"api/v1/faxes/{id}/cancel", null, ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await (json ? WriteJsonAsync(ctx, r.Body!.Value) : ctx.Out.WriteLineAsync($"{id}\t{Str(r.Body!.Value, "status")}"));
            return ExitCodes.Ok;
        });
}
