namespace Gateway.Tests.Infrastructure;

/// <summary>Small but well-formed files of each accepted format, made in code.</summary>
public static class SampleDocuments
{
    /// <summary>A one-page PDF with a tag to make the bytes unique per call site.</summary>
    public static byte[] Pdf(string tag = "x") => System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n% " + tag + "\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A PNG signature and IHDR chunk.</summary>
    public static byte[] Png() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0x37, 0x6E, 0xF9, 0x24];

    /// <summary>A multipart body with one file field.</summary>
    public static MultipartFormDataContent Multipart(byte[] bytes, string fileName, string field = "file")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, field, fileName);
        return form;
    }
}
