using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Documents;

namespace Gateway.Api;

/// <summary>
/// <c>/api/v1/documents</c>: upload (multipart field <c>file</c>, or the raw bytes as the body), metadata and
/// content. The format is decided by magic bytes (PDF, TIFF, PNG, JPEG); anything else is 415.
/// </summary>
public static class DocumentEndpoints
{
    /// <summary>A document as the API shows it.</summary>
    public sealed record DocumentView(string Id, string Kind, string MediaType, string? FileName, long SizeBytes, string Sha256, DateTimeOffset CreatedAt);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api, ApiOptions options)
    {
        var docs = api.MapGroup("/documents").WithTags("documents");
        docs.MapPost("/", UploadAsync)
            .RequireAuthorization(RolePolicies.For(ApiRole.Submitter))
            .WithMetadata(IdempotentCreate.Instance, new BodySizeLimit(options.MaxDocumentBytes))
            .DisableAntiforgery();
        docs.MapGet("/{id}", async (string id, DocumentStore store, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } d ? Results.Ok(View(d)) : Problems.NotFound($"document '{id}'"))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        docs.MapGet("/{id}/content", async (string id, DocumentStore store, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } d && await store.ReadContentAsync(id, ct) is { } bytes
                    ? Results.File(bytes, d.MediaType, d.FileName)
                    : Problems.NotFound($"document '{id}'"))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
    }

    /// <summary>The API view of a stored document.</summary>
    public static DocumentView View(StoredDocument d) =>
        new(d.Id, d.Kind.ToString().ToLowerInvariant(), d.MediaType, d.FileName, d.SizeBytes, d.Sha256, d.CreatedAt);

    private static async Task<IResult> UploadAsync(HttpRequest request, DocumentStore store)
    {
        var ct = request.HttpContext.RequestAborted;
        byte[] bytes;
        string? fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null || form.Files.Count != 1)
            {
                return Problems.BadRequest("A multipart upload must carry exactly one file, in the field 'file'.");
            }

            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, ct);
            bytes = ms.ToArray();
            fileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= 255 } fn ? fn : null;
        }
        else
        {
            using var ms = new MemoryStream();
            await request.Body.CopyToAsync(ms, ct);
            bytes = ms.ToArray();
        }

        if (bytes.Length == 0)
        {
            return Problems.BadRequest("The document is empty.");
        }

        if (DocumentSniffer.Sniff(bytes) is not { } kind)
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported document format",
                "The bytes are not a PDF, TIFF, PNG or JPEG file (checked by their leading magic bytes, not the name or Content-Type).");
        }

        var (doc, created) = await store.SaveAsync(bytes, kind, fileName, ct);
        var view = View(doc);
        return created ? TypedResults.Created($"/api/v1/documents/{doc.Id}", view) : TypedResults.Ok(view);
    }
}
