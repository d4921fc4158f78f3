using System.Net;
using System.Net.Http.Headers;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Api;

public sealed class DocumentEndpointsTests
{
    [Fact]
    public async Task Uploads_a_pdf_once_and_returns_the_same_document_for_the_same_bytes()
    {
        await using var gw = await TestGateway.StartAsync();
        var submitter = await gw.CreateKeyAsync("submitter");
        using var c = gw.Client(submitter);
        var ct = TestContext.Current.CancellationToken;
        var pdf = SampleDocuments.Pdf("once");

        using var first = await c.PostAsync("api/v1/documents", SampleDocuments.Multipart(pdf, "letter.pdf"), ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var doc = await Json.ReadAsync(first);
        Assert.Equal("pdf", doc.GetProperty("kind").GetString());
        Assert.Equal(pdf.Length, doc.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("letter.pdf", doc.GetProperty("fileName").GetString());

        using var raw = new ByteArrayContent(pdf);
        raw.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var second = await c.PostAsync("api/v1/documents", raw, ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(doc.GetProperty("id").GetString(), (await Json.ReadAsync(second)).GetProperty("id").GetString());

        var bytes = await c.GetByteArrayAsync($"api/v1/documents/{doc.GetProperty("id").GetString()}/content", ct);
        Assert.Equal(pdf, bytes);
    }

    [Fact]
    public async Task Accepts_png_and_rejects_a_renamed_zip_with_415()
    {
        await using var gw = await TestGateway.StartAsync();
        using var c = gw.Client();
        var ct = TestContext.Current.CancellationToken;
        using var png = await c.PostAsync("api/v1/documents", SampleDocuments.Multipart(SampleDocuments.Png(), "a.png"), ct);
        Assert.Equal(HttpStatusCode.Created, png.StatusCode);
        Assert.Equal("image/png", (await Json.ReadAsync(png)).GetProperty("mediaType").GetString());

        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 8, 0];
        using var bad = await c.PostAsync("api/v1/documents", SampleDocuments.Multipart(zip, "letter.pdf"), ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_oversized_upload_is_413_and_stores_nothing()
    {
        await using var gw = await TestGateway.StartAsync("Api:MaxDocumentBytes=4096");
        using var c = gw.Client();
        var ct = TestContext.Current.CancellationToken;
        var big = SampleDocuments.Pdf(new string('z', 10_000));
        // Expect: 100-continue lets the server refuse before the body is sent (RFC 9110 §10.1.1), as real clients do.
        using var req1 = new HttpRequestMessage(HttpMethod.Post, "api/v1/documents") { Content = SampleDocuments.Multipart(big, "big.pdf") };
        req1.Headers.ExpectContinue = true;
        using var r = await c.SendAsync(req1, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);

        // The same content, sent chunked without a Content-Length, is cut off by the server's limit.
        using var chunked = new StreamContent(new MemoryStream(big));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var req = new HttpRequestMessage(HttpMethod.Post, "api/v1/documents") { Content = chunked };
        req.Headers.TransferEncodingChunked = true;
        req.Headers.ExpectContinue = true;
        using var r2 = await c.SendAsync(req, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r2.StatusCode);

        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(gw.Directory, "gateway.db")};Pooling=False");
        await db.OpenAsync(ct);
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM documents";
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync(ct))!);
    }

    [Fact]
    public async Task A_viewer_cannot_upload_and_an_anonymous_caller_cannot_read()
    {
        await using var gw = await TestGateway.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var viewer = gw.Client(await gw.CreateKeyAsync("viewer"));
        using var r = await viewer.PostAsync("api/v1/documents", SampleDocuments.Multipart(SampleDocuments.Pdf(), "a.pdf"), ct);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using var anon = gw.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("api/v1/documents/doc_x", ct)).StatusCode);
    }
}
