using static Gateway.Cli.Verbs.VerbHelpers;

namespace Gateway.Cli.Verbs;

/// <summary><c>gateway document upload FILE</c>: stores a document once and prints its id.</summary>
public static class DocumentVerbs
{
    /// <summary>All document verbs.</summary>
    public static IEnumerable<Verb> Create()
    {
        yield return new Verb(["document", "upload"], "upload a PDF, TIFF, PNG or JPEG document", "FILE " + ClientOptions,
            new HashSet<string> { "json" }, UploadAsync);
    }

    private static Task<int> UploadAsync(VerbContext ctx) =>
        WithClientAsync(ctx, 1, async (client, _) =>
        {
            var file = ctx.Args.Positional(0, "FILE");
            ctx.Args.EnsureAllUsed(1);
            var (ids, failure) = await DocumentUpload.UploadAllAsync(ctx, client, [file]);
            if (failure is { } code)
            {
                return code;
            }

            await ctx.Out.WriteLineAsync(ids[0]);
            return ExitCodes.Ok;
        });
}
