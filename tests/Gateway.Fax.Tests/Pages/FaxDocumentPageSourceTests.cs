using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Xunit;

namespace Gateway.Fax.Tests.Pages;

public sealed class FaxDocumentPageSourceTests
{
    [Fact]
    public void Fine_to_standard_halves_the_rows_and_keeps_a_one_row_rule()
    {
        var page = FaxPage.Blank(1728, 100, FaxResolution.Fine);
        byte[] bits = page.Bits.ToArray();
        bits.AsSpan(51 * 216, 216).Fill(0xFF); // a one-row line on an odd row
        page = new FaxPage(1728, 100, FaxResolution.Fine, bits);

        FaxPage standard = FaxPageResampler.Resample(page, FaxResolution.Standard, 1728);

        Assert.Equal(50, standard.Height);
        Assert.True(standard.IsBlack(0, 25) && standard.IsBlack(1727, 25));
        Assert.False(standard.IsBlack(0, 24) || standard.IsBlack(0, 26));
    }

    [Fact]
    public void A_b4_page_sent_to_an_a4_machine_is_scaled_to_1728_pels()
    {
        var bits = new byte[256 * 10];
        for (int y = 0; y < 10; y++)
        {
            bits[(y * 256) + 255] = 0x01; // the last pel of each row
        }

        var source = new FaxDocumentPageSource(new FaxDocument([new FaxPage(2048, 10, FaxResolution.Fine, bits)]));
        Assert.Equal(RecordingWidth.B4, source.GetFormat(0).Width);

        byte[] coded = source.Encode(0, new T30PageEncoding(T30Compression.MH, T30Resolution.Fine, RecordingWidth.A4, 0)).ToArray();
        FaxPage received = T4Decoder.Decode(coded, T30Compression.MH, 1728, FaxResolution.Fine).Page;

        Assert.Equal((1728, 10), (received.Width, received.Height));
        Assert.True(received.IsBlack(1727, 0));
    }

    [Fact]
    public void The_same_page_and_encoding_is_coded_once()
    {
        var source = new FaxDocumentPageSource(new FaxDocument([FaxPage.Blank(1728, 20, FaxResolution.Fine)]));
        var encoding = new T30PageEncoding(T30Compression.MR, T30Resolution.Fine, RecordingWidth.A4, 96);

        ReadOnlyMemory<byte> a = source.Encode(0, encoding);
        ReadOnlyMemory<byte> b = source.Encode(0, encoding);

        Assert.True(a.Span == b.Span);
        Assert.True(a.Length * 8 >= 20 * 96);
    }
}
