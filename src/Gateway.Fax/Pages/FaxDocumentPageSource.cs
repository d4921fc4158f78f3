using Gateway.Fax.Coding;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.Pages;

/// <summary>
/// The pages of a <see cref="FaxDocument"/> as a transmitting T.30 session asks for them: each page coded
/// on demand with the negotiated compression, resolution, width and minimum row length (T.4 §4.1.2),
/// resampled first when the far end cannot take the page as prepared. The last coding is cached, since
/// T.30 may send the same page again (RTN, or PPR in ECM).
/// </summary>
public sealed class FaxDocumentPageSource(FaxDocument document) : IT30PageSource
{
    private (int Page, T30PageEncoding Encoding, byte[] Data)? _last;

    /// <inheritdoc/>
    public int PageCount => document.Pages.Count;

    /// <inheritdoc/>
    public T30PageFormat GetFormat(int pageIndex)
    {
        FaxPage page = document.Pages[pageIndex];
        return new T30PageFormat(ToT30(page.Resolution), WidthOf(page));
    }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding)
    {
        if (_last is { } last && last.Page == pageIndex && last.Encoding == encoding)
        {
            return last.Data;
        }

        FaxPage page = document.Pages[pageIndex];
        FaxResolution resolution = FromT30(encoding.Resolution);
        FaxPage sent = FaxPageResampler.Resample(page, resolution, resolution.PelsPerLine(FromT30(encoding.Width)));
        // T.4 §4.2.1: K = 2 at standard resolution, 4 at fine and above.
        byte[] data = T4Encoder.Encode(sent, encoding.Compression, resolution == FaxResolution.Standard ? 2 : 4, encoding.MinBitsPerRow);
        _last = (pageIndex, encoding, data);
        return data;
    }

    /// <summary>The T.30 resolution a page resolution is negotiated as.</summary>
    public static T30Resolution ToT30(FaxResolution resolution) => resolution switch
    {
        FaxResolution.Standard => T30Resolution.Standard,
        FaxResolution.Fine => T30Resolution.Fine,
        FaxResolution.Superfine => T30Resolution.Superfine,
        FaxResolution.R300 => T30Resolution.R300,
        FaxResolution.R16 => T30Resolution.R16,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "unknown resolution"),
    };

    /// <summary>The page resolution of a negotiated T.30 resolution.</summary>
    public static FaxResolution FromT30(T30Resolution resolution) => resolution switch
    {
        T30Resolution.Standard => FaxResolution.Standard,
        T30Resolution.Fine => FaxResolution.Fine,
        T30Resolution.Superfine => FaxResolution.Superfine,
        T30Resolution.R300 => FaxResolution.R300,
        T30Resolution.R16 => FaxResolution.R16,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "unknown resolution"),
    };

    /// <summary>The page width of a negotiated recording width.</summary>
    public static FaxPageWidth FromT30(RecordingWidth width) => width switch
    {
        RecordingWidth.B4 => FaxPageWidth.B4,
        RecordingWidth.A3 => FaxPageWidth.A3,
        _ => FaxPageWidth.A4,
    };

    private static RecordingWidth WidthOf(FaxPage page)
    {
        // Compare the physical width with the ISO widths at the page's own horizontal resolution.
        if (page.Width > page.Resolution.PelsPerLine(FaxPageWidth.B4))
        {
            return RecordingWidth.A3;
        }

        return page.Width > page.Resolution.PelsPerLine(FaxPageWidth.A4) ? RecordingWidth.B4 : RecordingWidth.A4;
    }
}
