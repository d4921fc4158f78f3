using Gateway.Fax.Coding;
using Gateway.Fax.T30;

namespace Gateway.Fax.Pages;

/// <summary>
/// Receives pages from a T.30 session: decodes each, keeps it, and judges it. A page is acceptable (MCF)
/// when it has rows at all, at most <paramref name="maxBadRowRatio"/> of them were bad, and no more than
/// <paramref name="maxConsecutiveBadRows"/> bad rows came in a row (a burst wipes out a line of text even
/// when the page ratio is fine; HylaFAX's PercentGoodLines 95 / MaxConsecutiveBadLines 5 are the usual
/// settings). Otherwise the session answers RTN (T.30 §5.3.6.1.7) and the sender may send it again.
/// The consecutive limit is off by default so existing callers keep their behaviour.
/// </summary>
public sealed class FaxPageSink(double maxBadRowRatio = 0.05, int maxConsecutiveBadRows = int.MaxValue) : IT30PageSink
{
    private readonly List<FaxPage> _pages = [];
    private readonly Lock _gate = new();

    /// <summary>Raised after a page is decoded: index, page, bad rows.</summary>
    public event Action<int, FaxPage, int>? PageReceived;

    /// <summary>The pages kept so far (a page sent again replaces the earlier copy).</summary>
    public IReadOnlyList<FaxPage> Pages
    {
        get
        {
            lock (_gate)
            {
                return [.. _pages];
            }
        }
    }

    /// <inheritdoc/>
    public T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding)
    {
        FaxResolution resolution = FaxDocumentPageSource.FromT30(encoding.Resolution);
        int width = resolution.PelsPerLine(FaxDocumentPageSource.FromT30(encoding.Width));
        T4DecodeResult result = T4Decoder.Decode(data.Span, encoding.Compression, width, resolution);
        int rows = result.Page.Height;
        bool acceptable = rows > 0 && result.BadRows <= rows * maxBadRowRatio && result.LongestBadRun <= maxConsecutiveBadRows;
        lock (_gate)
        {
            if (pageIndex < _pages.Count)
            {
                _pages[pageIndex] = result.Page;
            }
            else
            {
                _pages.Add(result.Page);
            }
        }

        PageReceived?.Invoke(pageIndex, result.Page, result.BadRows);
        return new T30PageQuality(rows, result.BadRows, acceptable);
    }
}
