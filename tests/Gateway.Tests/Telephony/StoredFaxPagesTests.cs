using System.Text;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using Gateway.Fax.Pages;
using Gateway.Telephony;

namespace Gateway.Tests.Telephony;

/// <summary>Stored documents to a call's pages: rasterized once at upload, cached, stamped per call, resumable.</summary>
public sealed class StoredFaxPagesTests : IAsyncLifetime
{
    private const string TwoPages = "%!PS\n/Helvetica findfont 30 scalefont setfont 72 700 moveto (One) show showpage\n72 700 moveto (Two) show showpage\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("stored-pages").FullName;
    private SqlStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = StoreFactory.Create(new StoreOptions { Sqlite = { Path = Path.Combine(_dir, "gateway.db") } });
        await _store.MigrateAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Rasterized_once_at_upload_then_each_call_gets_stamped_pages_and_a_resume_is_marked_continued()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(TwoPages);
        DocumentRef doc = await _store.AddDocumentAsync(bytes, "two.ps", "application/postscript", DateTimeOffset.UtcNow, Ct);
        var pages = new StoredFaxPages(_store, new FaxPagesOptions { CacheFolder = Path.Combine(_dir, "node1") });

        Assert.Equal(2, await pages.RasterizeOnUploadAsync(doc, bytes, Ct));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "node1"), "*.tif"));

        var sender = new SenderIdentity("+7 727 000 0000", "ACME", "+77270000000");
        PreparedFax full = await pages.PrepareAsync([doc], sender, 0, DateTimeOffset.UtcNow, Ct);
        PreparedFax resumed = await pages.PrepareAsync([doc], sender, 1, DateTimeOffset.UtcNow, Ct);

        Assert.Equal((2, 2), (full.PagesTotal, full.Pages.PageCount));
        Assert.Equal((2, 1), (resumed.PagesTotal, resumed.Pages.PageCount));
        FaxPage second = Decode(full, 1);
        FaxPage secondResumed = Decode(resumed, 0);
        int band = 40;
        Assert.NotEqual(0, Enumerable.Range(0, band).Count(y => !second.GetRow(y).SequenceEqual(secondResumed.GetRow(y)))); // "continued" in the header
        Assert.Equal(0, Enumerable.Range(band, second.Height - band).Count(y => !second.GetRow(y).SequenceEqual(secondResumed.GetRow(y))));
    }

    [Fact]
    public async Task Another_node_without_the_cache_rasterizes_from_the_stored_original()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(TwoPages);
        DocumentRef doc = await _store.AddDocumentAsync(bytes, "two.ps", "application/postscript", DateTimeOffset.UtcNow, Ct);
        var other = new StoredFaxPages(_store, new FaxPagesOptions { CacheFolder = Path.Combine(_dir, "node2") });

        PreparedFax fax = await other.PrepareAsync([doc], new SenderIdentity("1", "X", null), 0, DateTimeOffset.UtcNow, Ct);

        Assert.Equal(2, fax.PagesTotal);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "node2"), "*.tif"));
    }

    private static FaxPage Decode(PreparedFax fax, int index)
    {
        var encoding = new Gateway.Fax.T30.T30PageEncoding(Gateway.Fax.T30.T30Compression.MMR, Gateway.Fax.T30.T30Resolution.Fine, Gateway.Fax.T30.Frames.RecordingWidth.A4, 0);
        return Gateway.Fax.Coding.T4Decoder.Decode(fax.Pages.Encode(index, encoding).Span, Gateway.Fax.T30.T30Compression.MMR, 1728, FaxResolution.Fine).Page;
    }
}
