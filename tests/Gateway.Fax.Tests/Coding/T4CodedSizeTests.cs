using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Coding;

/// <summary>
/// Coded sizes of the ITU charts against libspandsp's t4_tx in the same run and the reference table in
/// tests/testdata/itu/README.md. The codes are fixed by T.4/T.6, so the only freedom is framing (EOL before
/// the first row, RTC/EOFB, fill, the last octet). Both coders make the same choices, so the octets are identical.
/// </summary>
public sealed class T4CodedSizeTests(ITestOutputHelper output)
{
    public static TheoryData<string, T30Compression, int> ReadmeSizes() => new()
    {
        { "itu1-fine", T30Compression.MH, 37423 },
        { "itu1-fine", T30Compression.MR, 25967 },
        { "itu1-fine", T30Compression.MMR, 18103 },
        { "itu1-std", T30Compression.MH, 18739 },
        { "itu1-std", T30Compression.MR, 16345 },
        { "itu1-std", T30Compression.MMR, 12016 },
        { "itu4-fine", T30Compression.MH, 108075 },
        { "itu4-fine", T30Compression.MR, 81815 },
        { "itu4-fine", T30Compression.MMR, 69275 },
    };

    [Theory]
    [MemberData(nameof(ReadmeSizes))]
    public void Coded_size_matches_spandsp_and_the_reference_table(string chart, T30Compression compression, int readme)
    {
        FaxPage page = ChartPages.Load(chart);
        int k = page.Resolution == FaxResolution.Standard ? 2 : 4;

        byte[] ours = T4Encoder.Encode(page, compression, k, minBitsPerRow: 0);
        byte[] spandsp = SpanDspT4Oracle.Encode(ItuCharts.Get(chart), 0, Spandsp(compression), 0);

        output.WriteLine($"{chart} {compression}: ours {ours.Length} B, spandsp {spandsp.Length} B, README {readme} B, ratio ours/spandsp {(double)ours.Length / spandsp.Length:F4}");
        Assert.Equal(readme, spandsp.Length);
        AssertSameCoding(spandsp, ours);
    }

    [Fact]
    public void Fill_to_144_bits_a_row_matches_spandsp_octet_for_octet()
    {
        // README: a 10 ms minimum scan-line time at 14 400 bit/s gives itu1 fine 61 026 B (MH), 53 645 B (MR).
        FaxPage page = ChartPages.Load("itu1-fine");

        byte[] mh = T4Encoder.Encode(page, T30Compression.MH, 4, 144);
        byte[] mr = T4Encoder.Encode(page, T30Compression.MR, 4, 144);

        output.WriteLine($"itu1-fine with 144 bits/row: MH {mh.Length} B (README 61026), MR {mr.Length} B (README 53645)");
        Assert.Equal(61026, mh.Length);
        Assert.Equal(53645, mr.Length);
        AssertSameCoding(SpanDspT4Oracle.Encode(ItuCharts.Get("itu1-fine"), 0, SpanDspT4Oracle.T4_1D, 144), mh);
        AssertSameCoding(SpanDspT4Oracle.Encode(ItuCharts.Get("itu1-fine"), 0, SpanDspT4Oracle.T4_2D, 144), mr);
    }

    /// <summary>
    /// Octet for octet, except the padding after the last code bit of the final octet: we pad with zeros,
    /// spandsp with ones; neither is part of the page (T.4 §4.1.4: the page ends with RTC).
    /// </summary>
    private static void AssertSameCoding(byte[] spandsp, byte[] ours)
    {
        Assert.Equal(spandsp.Length, ours.Length);
        Assert.Equal(spandsp.AsSpan(0, spandsp.Length - 1).ToArray(), ours.AsSpan(0, ours.Length - 1).ToArray());
        // Bits go out least significant first, so RTC's (or EOFB's) final one is the highest set bit we wrote.
        int mask = (2 << System.Numerics.BitOperations.Log2(ours[^1])) - 1;
        Assert.Equal(spandsp[^1] & mask, ours[^1] & mask);
    }

    private static int Spandsp(T30Compression c) => c switch
    {
        T30Compression.MH => SpanDspT4Oracle.T4_1D,
        T30Compression.MR => SpanDspT4Oracle.T4_2D,
        _ => SpanDspT4Oracle.T6,
    };
}
