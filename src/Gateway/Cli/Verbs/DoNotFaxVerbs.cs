using static Gateway.Cli.Verbs.VerbHelpers;

namespace Gateway.Cli.Verbs;

/// <summary><c>gateway dnf add|remove|list</c>: the global do-not-fax list.</summary>
public static class DoNotFaxVerbs
{
    /// <summary>All do-not-fax verbs.</summary>
    public static IEnumerable<Verb> Create()
    {
        yield return new Verb(["dnf", "add"], "add a number to the do-not-fax list", "NUMBER [--reason TEXT] [--region CC] " + ClientOptions,
            new HashSet<string> { "json" }, AddAsync);
        yield return new Verb(["dnf", "remove"], "remove a number from the do-not-fax list", "NUMBER " + ClientOptions,
            new HashSet<string> { "json" }, RemoveAsync);
        yield return new Verb(["dnf", "import"], "add many numbers at once from a CSV or JSON file (all or nothing)", "FILE.csv|FILE.json [--region CC] " + ClientOptions,
            new HashSet<string> { "json" }, ImportAsync);
        yield return new Verb(["dnf", "list"], "list the do-not-fax list", "[--page N] [--page-size N] " + ClientOptions,
            new HashSet<string> { "json" }, ListAsync);
    }

    private static Task<int> AddAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var number = ctx.Args.Positional(0, "NUMBER");
            var reason = ctx.Args.Option("reason");
            var region = ctx.Args.Option("region");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.PostJsonAsync("api/v1/do-not-fax", new { number, reason, region }, ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await (json ? WriteJsonAsync(ctx, r.Body!.Value) : ctx.Out.WriteLineAsync($"added {Str(r.Body!.Value, "number")}"));
            return ExitCodes.Ok;
        });

    private static Task<int> ImportAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, json) =>
        {
            var path = ctx.Args.Positional(0, "FILE");
            var region = ctx.Args.Option("region");
            ctx.Args.EnsureAllUsed(1);
            if (!File.Exists(path))
            {
                throw new UsageException($"do-not-fax file '{path}' does not exist");
            }

            var text = await File.ReadAllTextAsync(path, ctx.Cancellation);
            using HttpContent body = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".csv" => new StringContent(text, System.Text.Encoding.UTF8, "text/csv"),
                ".json" => new StringContent(text, System.Text.Encoding.UTF8, "application/json"),
                _ => throw new UsageException($"do-not-fax file must end in .csv or .json, got '{path}'"),
            };
            var query = region is null ? "" : $"?region={Uri.EscapeDataString(region)}";
            var r = await client.SendAsync(HttpMethod.Post, "api/v1/do-not-fax/import" + query, body, ctx.Cancellation, Guid.NewGuid().ToString("N"));
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            var b = r.Body!.Value;
            await (json ? WriteJsonAsync(ctx, b) : ctx.Out.WriteLineAsync($"added {Long(b, "added")}, already listed {Long(b, "alreadyListed")}, repeated {Long(b, "repeated")}"));
            return ExitCodes.Ok;
        });

    private static Task<int> RemoveAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, _) =>
        {
            var number = ctx.Args.Positional(0, "NUMBER");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.DeleteAsync($"api/v1/do-not-fax/{Uri.EscapeDataString(number)}", ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await ctx.Out.WriteLineAsync($"removed {number}");
            return ExitCodes.Ok;
        });

    private static Task<int> ListAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 0, async (client, json) =>
        {
            var page = ctx.Args.Int("page", 1, int.MaxValue) ?? 1;
            var size = ctx.Args.Int("page-size", 1, 10_000) ?? 100;
            ctx.Args.EnsureAllUsed(0);
            var r = await client.GetAsync($"api/v1/do-not-fax?page={page}&pageSize={size}", ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            if (json)
            {
                await WriteJsonAsync(ctx, r.Body!.Value);
                return ExitCodes.Ok;
            }

            TableWriter.Write(ctx.Out, ["NUMBER", "REASON", "ADDED"],
                Prop(r.Body!.Value, "items").EnumerateArray().Select(e => (IReadOnlyList<string?>)[Str(e, "number"), Str(e, "reason"), Str(e, "addedAt")]));
            return ExitCodes.Ok;
        });
}
