using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Gateway.Testing.SpanDsp;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// A page source that codes TIFF pages with spandsp's own t4_tx, and a sink that decodes with its t4_rx:
/// with these the T.30/T.38 interop tests check the protocol path alone, independent of our T.4 codec.
/// </summary>
public sealed class SpanDspCodedPages(IReadOnlyList<(string Tiff, T30Resolution Resolution)> pages, string outputDirectory) : IT30PageSource, IT30PageSink
{
    public SpanDspCodedPages(string tiff, T30Resolution resolution, string outputDirectory)
        : this([(tiff, resolution)], outputDirectory)
    {
    }

    public List<string> ReceivedFiles { get; } = [];
    public List<int> DecodeStatus { get; } = [];
    public List<T30PageEncoding> Encodings { get; } = [];

    public int PageCount => pages.Count;

    public T30PageFormat GetFormat(int pageIndex) => new(pages[pageIndex].Resolution, RecordingWidth.A4);

    public ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding)
    {
        var (tiff, resolution) = pages[pageIndex];
        if (encoding.Resolution != resolution)
            throw new InvalidOperationException($"This test source has page {pageIndex} at {resolution} only, asked for {encoding.Resolution}.");
        Encodings.Add(encoding);
        return SpanDspT4Oracle.Encode(tiff, 0, Coding(encoding.Compression), encoding.MinBitsPerRow);
    }

    public T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding)
    {
        var file = Path.Combine(outputDirectory, $"rx-{pageIndex}.tif");
        var status = SpanDspT4Oracle.Decode(data.Span, Coding(encoding.Compression), 1728, encoding.Resolution == T30Resolution.Fine, file);
        ReceivedFiles.Add(file);
        DecodeStatus.Add(status);
        return new T30PageQuality(0, 0, true);
    }

    private static int Coding(T30Compression c) => c switch
    {
        T30Compression.MH => SpanDspT4Oracle.T4_1D,
        T30Compression.MR => SpanDspT4Oracle.T4_2D,
        _ => SpanDspT4Oracle.T6,
    };
}
