using System.Net.Http.Headers;

namespace Gateway.Cli.Verbs;

/// <summary>Uploads local files as documents (multipart field <c>file</c>) and returns their ids.</summary>
public static class DocumentUpload
{
    /// <summary>Uploads each file; on the first failure prints the problem and returns its exit code.</summary>
    public static async Task<(List<string> Ids, int? Failure)> UploadAllAsync(VerbContext ctx, GatewayApiClient client, IEnumerable<string> paths)
    {
        var ids = new List<string>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"document file '{path}' does not exist");
            }

            using var form = new MultipartFormDataContent();
            var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(path, ctx.Cancellation));
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(bytes, "file", Path.GetFileName(path));
            var r = await client.SendAsync(HttpMethod.Post, "api/v1/documents", form, ctx.Cancellation, Guid.NewGuid().ToString("N"));
            if (await VerbHelpers.FailAsync(ctx, r) is { } code)
            {
                await ctx.Err.WriteLineAsync($"  (while uploading {path})");
                return (ids, code);
            }

            ids.Add(VerbHelpers.Str(r.Body!.Value, "id"));
        }

        return (ids, null);
    }

    /// <summary>A destinations file as a request body: <c>.csv</c> as text/csv, <c>.json</c> as JSON.</summary>
    public static async Task<HttpContent> DestinationsBodyAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"destinations file '{path}' does not exist");
        }

        var text = await File.ReadAllTextAsync(path, ct);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".csv" => new StringContent(text, System.Text.Encoding.UTF8, "text/csv"),
            ".json" => new StringContent(text, System.Text.Encoding.UTF8, "application/json"),
            _ => throw new UsageException($"destinations file must end in .csv or .json, got '{path}'"),
        };
    }
}
