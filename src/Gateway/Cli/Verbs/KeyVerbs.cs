using static Gateway.Cli.Verbs.VerbHelpers;

namespace Gateway.Cli.Verbs;

/// <summary><c>gateway key create|list|revoke</c>: API keys (admin role).</summary>
public static class KeyVerbs
{
    /// <summary>All key verbs.</summary>
    public static IEnumerable<Verb> Create()
    {
        yield return new Verb(["key", "create"], "create an API key (prints the key once)", "--name NAME --role admin|operator|submitter|viewer " + ClientOptions,
            new HashSet<string> { "json" }, CreateAsync);
        yield return new Verb(["key", "list"], "list API keys", ClientOptions, new HashSet<string> { "json" }, ListAsync);
        yield return new Verb(["key", "revoke"], "revoke an API key", "KEY_ID " + ClientOptions, new HashSet<string> { "json" }, RevokeAsync);
    }

    private static Task<int> CreateAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 0, async (client, json) =>
        {
            var name = ctx.Args.Required("name");
            var role = ctx.Args.Required("role");
            ctx.Args.EnsureAllUsed(0);
            var r = await client.PostJsonAsync("api/v1/keys", new { name, role }, ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await (json ? WriteJsonAsync(ctx, r.Body!.Value) : ctx.Out.WriteLineAsync($"{Str(r.Body!.Value, "id")}\t{Str(r.Body!.Value, "key")}"));
            return ExitCodes.Ok;
        });

    private static Task<int> ListAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 0, async (client, json) =>
        {
            ctx.Args.EnsureAllUsed(0);
            var r = await client.GetAsync("api/v1/keys", ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            if (json)
            {
                await WriteJsonAsync(ctx, r.Body!.Value);
                return ExitCodes.Ok;
            }

            TableWriter.Write(ctx.Out, ["ID", "NAME", "ROLE", "PREFIX", "CREATED", "REVOKED"],
                r.Body!.Value.EnumerateArray().Select(k => (IReadOnlyList<string?>)
                    [Str(k, "id"), Str(k, "name"), Str(k, "role"), Str(k, "prefix"), Str(k, "createdAt"), Str(k, "revokedAt")]));
            return ExitCodes.Ok;
        });

    private static Task<int> RevokeAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, _) =>
        {
            var id = Id(ctx, 0, "KEY_ID");
            ctx.Args.EnsureAllUsed(1);
            var r = await client.DeleteAsync($"api/v1/keys/{id}", ctx.Cancellation);
            if (await FailAsync(ctx, r) is { } code)
            {
                return code;
            }

            await ctx.Out.WriteLineAsync($"revoked {id}");
            return ExitCodes.Ok;
        });
}
