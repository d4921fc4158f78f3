using System.Text.Json;
using System.Text.Json.Nodes;
using static Gateway.Cli.Verbs.VerbHelpers;

namespace Gateway.Cli.Verbs;

public static partial class CampaignVerbs
{
    private static Task<int> CreateAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 0, async (client, json) =>
        {
            // A --spec file gives the full request body (docs/api.md); flags fill in or override fields.
            JsonObject spec;
            if (ctx.Args.Option("spec") is { } specPath)
            {
                if (!File.Exists(specPath))
                {
                    throw new UsageException($"spec file '{specPath}' does not exist");
                }

                try
                {
                    spec = JsonNode.Parse(await File.ReadAllTextAsync(specPath, ctx.Cancellation)) as JsonObject
                        ?? throw new UsageException($"spec file '{specPath}' must hold a JSON object");
                }
                catch (JsonException ex)
                {
                    throw new UsageException($"spec file '{specPath}' is not valid JSON: {ex.Message}");
                }
            }
            else
            {
                spec = [];
            }

            Set(spec, "name", ctx.Args.Option("name"));
            if (spec["name"] is null)
            {
                throw new UsageException("missing required option --name (or 'name' in --spec)");
            }

            Set(spec, "defaultTimeZone", ctx.Args.Option("timezone"));
            Set(spec, "defaultRegion", ctx.Args.Option("region"));
            if (ctx.Args.Int("priority", 0, 255) is { } priority)
            {
                spec["priority"] = priority;
            }

            var sender = spec["sender"] as JsonObject ?? [];
            Set(sender, "tsi", ctx.Args.Option("tsi"));
            Set(sender, "headerText", ctx.Args.Option("header"));
            Set(sender, "callerNumber", ctx.Args.Option("caller"));
            if (sender.Count > 0)
            {
                spec["sender"] = sender;
            }

            var windows = ctx.Args.Options("window").SelectMany(WindowArgument.Parse).ToList();
            if (windows.Count > 0)
            {
                spec["callWindows"] = JsonSerializer.SerializeToNode(windows, CliJson.Options);
            }

            var holidays = ctx.Args.Options("holiday");
            foreach (var h in holidays)
            {
                if (!DateOnly.TryParseExact(h, "yyyy-MM-dd", out _))
                {
                    throw new UsageException($"--holiday '{h}' is not YYYY-MM-DD");
                }
            }

            if (holidays.Count > 0)
            {
                spec["holidays"] = JsonSerializer.SerializeToNode(holidays, CliJson.Options);
            }

            var webhook = ctx.Args.Option("webhook");
            var secret = ctx.Args.Option("webhook-secret");
            if ((webhook is null) != (secret is null))
            {
                throw new UsageException("--webhook and --webhook-secret go together");
            }

            if (webhook is not null)
            {
                spec["webhook"] = new JsonObject { ["url"] = webhook, ["secret"] = secret };
            }

            var destinations = ctx.Args.Option("destinations");
            var start = ctx.Args.Flag("start");
            var documents = ctx.Args.Options("document");
            var documentIds = ctx.Args.Options("document-id");
            ctx.Args.EnsureAllUsed(0);
            using var destinationsBody = destinations is null ? null : await DocumentUpload.DestinationsBodyAsync(destinations, ctx.Cancellation);

            var (uploaded, failure) = await DocumentUpload.UploadAllAsync(ctx, client, documents);
            if (failure is { } f)
            {
                return f;
            }

            var ids = (spec["documentIds"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
            ids.AddRange(documentIds);
            ids.AddRange(uploaded);
            spec["documentIds"] = JsonSerializer.SerializeToNode(ids, CliJson.Options);

            var created = await client.PostJsonAsync("api/v1/campaigns", spec, ctx.Cancellation);
            if (await FailAsync(ctx, created) is { } code)
            {
                return code;
            }

            var id = Str(created.Body!.Value, "id");
            if (destinationsBody is not null)
            {
                var added = await client.SendAsync(HttpMethod.Post, $"api/v1/campaigns/{id}/destinations", destinationsBody, ctx.Cancellation, Guid.NewGuid().ToString("N"));
                if (await FailAsync(ctx, added) is { } addCode)
                {
                    await ctx.Err.WriteLineAsync($"campaign {id} was created (draft) but its destinations were rejected; nothing was added");
                    return addCode;
                }

                await ctx.Err.WriteLineAsync($"added {Str(added.Body!.Value, "added")} destination(s)");
            }

            var final = created;
            if (start)
            {
                final = await client.PostJsonAsync($"api/v1/campaigns/{id}/start", null, ctx.Cancellation);
                if (await FailAsync(ctx, final) is { } startCode)
                {
                    await ctx.Err.WriteLineAsync($"campaign {id} was created but not started");
                    return startCode;
                }
            }

            if (json)
            {
                await WriteJsonAsync(ctx, final.Body!.Value);
            }
            else
            {
                await ctx.Out.WriteLineAsync($"{id}\t{Str(final.Body!.Value, "state")}");
            }

            return ExitCodes.Ok;
        });

    private static void Set(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }
}
