using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Calls.Tracing;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;

namespace Gateway.Calls.Pages;

/// <summary>
/// Keeps page coding off the media threads. A transmitting <see cref="T30Session"/> asks for a coded page
/// at the start of phase C, on the thread that runs its modem or T.38 terminal; coding a page (resampling,
/// T.4/T.6) takes milliseconds, and hundreds of calls answered by alike far ends reach phase C in the same
/// ticks. The encoding is fixed by the DCS we send (T.30 §5.3.6.2.2), which precedes phase C by at least
/// the training check (TCF, 1.5 s, T.30 §5.3.6.1.3) and the far end's CFR, so <see cref="Prepare"/> codes
/// the remaining pages on the thread pool as soon as the DCS goes out; <see cref="Encode"/> then finds them
/// ready. A page asked for with another encoding (a guess that missed) is coded on the spot, as before.
/// </summary>
public sealed class PrecodedPageSource : IT30PageSource
{
    private readonly IT30PageSource _inner;
    private readonly Lock _innerGate = new(); // the wrapped source is not thread-safe (it caches its last page)
    private readonly ConcurrentDictionary<(int Page, T30PageEncoding Encoding), Task<ReadOnlyMemory<byte>>> _coded = new();
    private int _hits;
    private int _misses;

    public PrecodedPageSource(IT30PageSource inner) => _inner = inner;

    public int PageCount => _inner.PageCount;

    /// <summary>Pages served from the pre-coded set (finished or still coding).</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Pages that had to be coded on the asking thread.</summary>
    public int Misses => Volatile.Read(ref _misses);

    public T30PageFormat GetFormat(int pageIndex)
    {
        lock (_innerGate)
        {
            return _inner.GetFormat(pageIndex);
        }
    }

    /// <summary>Starts coding pages <paramref name="fromPage"/>.. on the thread pool with <paramref name="encoding"/>, in page order.</summary>
    public void Prepare(int fromPage, T30PageEncoding encoding)
    {
        for (int page = Math.Max(0, fromPage); page < _inner.PageCount; page++)
        {
            int index = page;
            _ = _coded.GetOrAdd((index, encoding), key => Task.Run(() => Code(key.Page, key.Encoding)));
        }
    }

    public ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding)
    {
        if (_coded.TryGetValue((pageIndex, encoding), out Task<ReadOnlyMemory<byte>>? coded))
        {
            Interlocked.Increment(ref _hits);
            if (coded.IsCompleted)
            {
                return coded.GetAwaiter().GetResult(); // the usual case: the DCS went out 1.5 s or more ago
            }

            // A starved pool: the asking (media) thread waits, and every call it serves with it. Measured, so it shows.
            long waitStart = Stopwatch.GetTimestamp();
            ReadOnlyMemory<byte> late = coded.GetAwaiter().GetResult();
            FaxCallMetrics.PageWaited(Stopwatch.GetElapsedTime(waitStart));
            return late;
        }

        Interlocked.Increment(ref _misses);
        long codeStart = Stopwatch.GetTimestamp();
        ReadOnlyMemory<byte> page = Code(pageIndex, encoding);
        FaxCallMetrics.PageWaited(Stopwatch.GetElapsedTime(codeStart));
        return page;
    }

    /// <summary>
    /// The encoding a DCS we sent fixes: its compression, resolution and width, and the fill that the
    /// minimum scan line time needs at its modem's rate (T.4 §4.1.2: bits per row = rate × time).
    /// </summary>
    public static T30PageEncoding EncodingOf(DcsFrame dcs)
    {
        T30Compression compression = dcs.T6 ? T30Compression.MMR : dcs.TwoDimensional ? T30Compression.MR : T30Compression.MH;
        T30Resolution resolution = dcs.R16 ? T30Resolution.R16
            : dcs.R300 ? T30Resolution.R300
            : dcs.Superfine ? T30Resolution.Superfine
            : dcs.Fine ? T30Resolution.Fine
            : T30Resolution.Standard;
        int scanMs = dcs.Ecm ? 0 : dcs.MinScanLineTime switch
        {
            MinScanLineTime.Ms5 => 5,
            MinScanLineTime.Ms10 or MinScanLineTime.Ms10HalfAtFine => 10,
            MinScanLineTime.Ms20 or MinScanLineTime.Ms20HalfAtFine => 20,
            MinScanLineTime.Ms40 or MinScanLineTime.Ms40HalfAtFine => 40,
            _ => 0,
        };
        return new T30PageEncoding(compression, resolution, dcs.Width, dcs.Modem.BitRate() * scanMs / 1000);
    }

    private ReadOnlyMemory<byte> Code(int pageIndex, T30PageEncoding encoding)
    {
        lock (_innerGate)
        {
            ReadOnlyMemory<byte> coded = _inner.Encode(pageIndex, encoding);

            // A source of unknown make may hand out a buffer it writes its next page into: keep a copy. The document
            // source codes every page into a new array (its cache only keeps a reference), so its pages are kept as
            // they are: a coded page is 15-20 KB that a call holds until it ends (docs/telephony.md, session 7).
            return _inner is FaxDocumentPageSource ? coded : coded.ToArray();
        }
    }
}
