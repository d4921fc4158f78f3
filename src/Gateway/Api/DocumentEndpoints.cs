using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Api.Views;
using Gateway.Campaigns;

namespace Gateway.Api;

/// <summary>
/// <c>/api/v1/documents</c>: upload (multipart field <c>file</c>, or the raw bytes as the body), metadata and
/// content, over the campaign store's document registry (stored once per SHA-256). The format is decided by
/// magic bytes (PDF, TIFF, PNG, JPEG); anything else is 415.
/// </summary>
public static class DocumentEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api, ApiOptions options)
    {
        var docs = api.MapGroup("/documents").WithTags("documents");
        docs.MapPost("/", UploadAsync)
            .RequireAuthorization(RolePolicies.For(ApiRole.Submitter))
            .WithMetadata(IdempotentCreate.Instance, new BodySizeLimit(options.MaxDocumentBytes))
            .DisableAntiforgery()
            .Audited("document.upload");
        docs.MapGet("/{id}", async (string id, CampaignService service, CancellationToken ct) =>
                Guid.TryParse(id, out var guid) && await service.Store.GetDocumentAsync(guid, ct) is { } d ? Results.Ok(DocumentView.From(d)) : Problems.NotFound($"document '{id}'"))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        docs.MapGet("/{id}/content", async (string id, CampaignService service, CancellationToken ct) =>
                Guid.TryParse(id, out var guid) && await service.Store.GetDocumentAsync(guid, ct) is { } d && await service.Store.ReadDocumentBytesAsync(guid, ct) is { } bytes
                    ? Results.File(bytes, d.MediaType, d.FileName)
                    : Problems.NotFound($"document '{id}'"))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, CampaignService service, TimeProvider time)
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

        if (DocumentKind.Detect(bytes) is null)
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported document format",
                "The bytes are not a PDF, PostScript, TIFF, PNG or JPEG file (checked by their leading magic bytes, not the name or Content-Type).");
        }

        // The registry keeps the first upload of the same bytes: an entry created before this request is a repeat.
        var before = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            // With real calls, the document is rasterized now, once (ARCHITECTURE.md): a file that cannot be
            // faxed is refused here with its cause, and calls never wait on Ghostscript.
            var pages = request.HttpContext.RequestServices.GetService<Telephony.StoredFaxPages>();
            Fax.Pages.FaxDocument? raster = null;
            if (pages is not null)
            {
                try
                {
                    raster = await pages.RasterizeAsync(bytes, fileName ?? "document", ct);
                }
                catch (Fax.Documents.DocumentException e)
                {
                    return Problems.Result(StatusCodes.Status422UnprocessableEntity, "Document cannot be faxed", e.Message);
                }
            }

            var doc = await service.AddDocumentAsync(bytes, fileName ?? "", ct);
            if (pages is not null && raster is not null)
            {
                await pages.CacheAsync(doc, raster);
                await service.Store.SetDocumentPageCountAsync(doc.Id, raster.Pages.Count, ct);
                doc = doc with { PageCount = raster.Pages.Count };
            }

            var view = DocumentView.From(doc);
            return doc.CreatedAt >= before ? TypedResults.Created($"/api/v1/documents/{doc.Id}", view) : TypedResults.Ok(view);
        }
        catch (CampaignException e)
        {
            return CampaignProblems.From(e);
        }
    }
}
