using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Gateway.Testing.SpanDsp;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// A page source that codes TIFF pages with spandsp's own t4_tx, and a sink that decodes with its t4_rx:
/// with these the T.30/T.38 interop tests check the protocol path alone, independent of our T.4 codec.
/// </summary>
public sealed class SpanDspCodedPages(string tiff, T30Resolution resolution, string outputDirectory) : IT30PageSource, IT30PageSink
{
    public List<string> ReceivedFiles { get; } = [];
    public List<int> DecodeStatus { get; } = [];

    public int PageCount => 1;

    public T30PageFormat GetFormat(int pageIndex) => new(resolution, RecordingWidth.A4);

    public ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding)
    {
        if (encoding.Resolution != resolution)
            throw new InvalidOperationException($"This test source has {resolution} pages only, asked for {encoding.Resolution}.");
        return SpanDspT4Oracle.Encode(tiff, pageIndex, Coding(encoding.Compression), encoding.MinBitsPerRow);
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
