using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;

namespace Gateway.Telephony;

/// <summary>
/// Documents from the campaign store as fax pages. A document is rasterized once — at upload, by
/// <see cref="RasterizeOnUploadAsync"/> — and kept as a Group 4 TIFF in the cache folder, keyed by its SHA-256 and
/// resolution, so a call never waits on Ghostscript. Another node sharing the PostgreSQL store rasterizes
/// from the stored original on its first call (the result is the same: rasterizing is deterministic).
/// Each call then stamps the header line on the pages it sends, with "continued" on a resumed send.
/// </summary>
public sealed class StoredFaxPages(ICampaignStore store, FaxPagesOptions options) : IFaxPageSourceFactory
{
    private readonly Lock _writing = new();

    /// <summary>
    /// Rasterizes an uploaded document and caches its pages; returns the page count. A document that cannot be
    /// faxed throws <see cref="DocumentException"/> naming the file and the cause.
    /// </summary>
    public async Task<int> RasterizeOnUploadAsync(DocumentRef document, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        FaxDocument pages = await RasterizeAsync(content, document.FileName.Length > 0 ? document.FileName : document.Id.ToString(), ct).ConfigureAwait(false);
        await CacheAsync(document, pages).ConfigureAwait(false);
        return pages.Pages.Count;
    }

    /// <summary>Rasterizes bytes before they are stored (so a file that cannot be faxed is refused at upload).</summary>
    public Task<FaxDocument> RasterizeAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken ct) =>
        DocumentRasterizer.RasterizeAsync(content, fileName, options.ToDocumentOptions(), ct);

    /// <summary>Keeps the pages of a stored document for its calls.</summary>
    public Task CacheAsync(DocumentRef document, FaxDocument pages) => WriteCacheAsync(document, pages);

    /// <inheritdoc/>
    public async Task<PreparedFax> PrepareAsync(IReadOnlyList<DocumentRef> documents, SenderIdentity sender, int startPage, DateTimeOffset sendingAt, CancellationToken ct)
    {
        var all = new List<FaxPage>();
        foreach (DocumentRef document in documents)
        {
            all.AddRange((await PagesOfAsync(document, ct).ConfigureAwait(false)).Pages);
        }

        if (all.Count == 0 || startPage >= all.Count)
        {
            throw new InvalidOperationException($"nothing to send: the documents have {all.Count} page(s), the call starts at page {startPage + 1}");
        }

        var header = new FaxHeaderLine(options.HeaderFormat);
        HeaderFont font = HeaderFont.For(options.Resolution);
        DateTimeOffset local = string.IsNullOrWhiteSpace(options.HeaderTimeZone)
            ? sendingAt.ToLocalTime()
            : TimeZoneInfo.ConvertTime(sendingAt, TimeZoneInfo.FindSystemTimeZoneById(options.HeaderTimeZone));
        var pages = new List<FaxPage>(all.Count - startPage);
        for (int i = startPage; i < all.Count; i++)
        {
            string text = header.Format(local, sender.HeaderText, sender.CallerNumber ?? sender.Tsi, i + 1, all.Count, continued: startPage > 0);
            pages.Add(FaxHeaderLine.Stamp(all[i], text, font));
        }

        return new PreparedFax(new FaxDocumentPageSource(new FaxDocument(pages)), all.Count);
    }

    private string CachePath(DocumentRef document) =>
        Path.Combine(Path.GetFullPath(options.CacheFolder), $"{document.Sha256}-{options.Resolution}.tif".ToLowerInvariant());

    private async Task<FaxDocument> PagesOfAsync(DocumentRef document, CancellationToken ct)
    {
        string path = CachePath(document);
        if (File.Exists(path))
        {
            await using FileStream cached = File.OpenRead(path);
            return FaxTiff.Read(cached, path);
        }

        byte[] original = await store.ReadDocumentBytesAsync(document.Id, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"document {document.Id} ({document.FileName}) is missing from the store");
        FaxDocument pages = await DocumentRasterizer.RasterizeAsync(original, document.FileName, options.ToDocumentOptions(), ct).ConfigureAwait(false);
        await WriteCacheAsync(document, pages).ConfigureAwait(false);
        return pages;
    }

    private Task WriteCacheAsync(DocumentRef document, FaxDocument pages)
    {
        string path = CachePath(document);
        lock (_writing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Write aside and rename, so a crash never leaves a half-written TIFF under the real name.
            string temporary = path + $".{Environment.ProcessId}.tmp";
            using (FileStream file = File.Create(temporary))
            {
                FaxTiff.Write(pages, file);
            }

            File.Move(temporary, path, overwrite: true);
        }

        return Task.CompletedTask;
    }
}
