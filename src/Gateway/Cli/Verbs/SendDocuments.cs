using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Gateway.Telephony;

namespace Gateway.Cli.Verbs;

/// <summary>The pages of <c>gateway send</c>: the files rasterized in order, each page stamped with the header line.</summary>
internal static class SendDocuments
{
    /// <summary>Rasterizes and stamps; a bad file throws <see cref="DocumentException"/> naming it.</summary>
    public static async Task<PreparedFax> PrepareAsync(SendRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var files = new List<(ReadOnlyMemory<byte>, string)>();
        foreach (string path in request.Files)
        {
            files.Add((await File.ReadAllBytesAsync(path, ct), Path.GetFileName(path)));
        }

        FaxDocument document = await DocumentRasterizer.RasterizeAsync(files, new DocumentOptions { Resolution = request.Resolution }, ct);
        var header = new FaxHeaderLine();
        HeaderFont font = HeaderFont.For(request.Resolution);
        var pages = new List<FaxPage>(document.Pages.Count);
        for (int i = 0; i < document.Pages.Count; i++)
        {
            string text = header.Format(now.ToLocalTime(), request.Header ?? "", request.From ?? request.Ident ?? "", i + 1, document.Pages.Count, continued: false);
            pages.Add(FaxHeaderLine.Stamp(document.Pages[i], text, font));
        }

        return new PreparedFax(new FaxDocumentPageSource(new FaxDocument(pages)), pages.Count);
    }
}
