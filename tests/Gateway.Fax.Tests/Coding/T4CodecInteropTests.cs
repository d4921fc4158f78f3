using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Coding;

/// <summary>
/// Our T.4/T.6 coder against libspandsp's, both ways, on the ITU charts: what we code spandsp decodes to
/// the same pixels, and what spandsp codes we decode to the same pixels.
/// </summary>
public sealed class T4CodecInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("t4-interop").FullName;

    public static TheoryData<string, T30Compression> Cases() => new()
    {
        { "itu1-fine", T30Compression.MH },
        { "itu1-std", T30Compression.MR },
        { "itu1-fine", T30Compression.MR },
        { "itu1-fine", T30Compression.MMR },
        { "itu4-fine", T30Compression.MMR },
        { "itu2-std", T30Compression.MH },
        { "itu7-fine", T30Compression.MR },
        { "itu8-std", T30Compression.MMR },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spandsp_decodes_our_coding_to_the_same_pixels(string chart, T30Compression compression)
    {
        FaxPage page = ChartPages.Load(chart);
        byte[] coded = T4Encoder.Encode(page, compression, KFor(page), minBitsPerRow: 0);
        string rx = Path.Combine(_dir, $"{chart}-{compression}.tif");

        SpanDspT4Oracle.Decode(coded, Spandsp(compression), page.Width, page.Resolution == FaxResolution.Fine, rx);

        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get(chart), rx));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void We_decode_spandsp_coding_to_the_same_pixels(string chart, T30Compression compression)
    {
        FaxPage page = ChartPages.Load(chart);
        byte[] coded = SpanDspT4Oracle.Encode(ItuCharts.Get(chart), 0, Spandsp(compression), 0);

        T4DecodeResult result = T4Decoder.Decode(coded, compression, page.Width, page.Resolution);

        Assert.Null(result.FirstError);
        Assert.Equal(0, result.BadRows);
        Assert.True(result.EndSeen);
        Assert.Equal(0, page.CountDifferingRows(result.Page));
    }

    [Theory]
    [InlineData(T30Compression.MH, 144)]
    [InlineData(T30Compression.MR, 144)]
    public void Fill_bits_give_every_row_the_minimum_length_and_spandsp_still_decodes(T30Compression compression, int minBits)
    {
        FaxPage page = ChartPages.Load("itu1-fine");
        byte[] coded = T4Encoder.Encode(page, compression, 4, minBits);
        string rx = Path.Combine(_dir, $"fill-{compression}.tif");

        SpanDspT4Oracle.Decode(coded, Spandsp(compression), page.Width, fine: true, rx);

        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-fine"), rx));
        Assert.True(coded.Length * 8L >= (long)page.Height * minBits);
        Assert.Equal(0, page.CountDifferingRows(T4Decoder.Decode(coded, compression, page.Width, page.Resolution).Page));
    }

    private static int KFor(FaxPage page) => page.Resolution == FaxResolution.Standard ? 2 : 4;

    private static int Spandsp(T30Compression c) => c switch
    {
        T30Compression.MH => SpanDspT4Oracle.T4_1D,
        T30Compression.MR => SpanDspT4Oracle.T4_2D,
        _ => SpanDspT4Oracle.T6,
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
