using System.Runtime.InteropServices;
using Gateway.Media.Codecs;
using Xunit;

namespace Gateway.Media.Tests.Codecs;

/// <summary>
/// <see cref="G711"/> over every one of the 65 536 samples and every one of the 256 codes, against three
/// independent references: libspandsp 0.0.6's g711_encode/g711_decode (identical everywhere), the ITU-T G.191
/// software tools' g711 algorithm (restated here from its description) and NAudio's codec. The references differ
/// only in how a negative 16-bit sample becomes a G.711 magnitude; each difference is pinned down exactly below.
/// </summary>
public sealed class G711ReferenceTests
{
    [DllImport("spandsp")] private static extern IntPtr g711_init(IntPtr s, int mode);
    [DllImport("spandsp")] private static extern unsafe int g711_encode(IntPtr s, byte* g711, short* amp, int len);
    [DllImport("spandsp")] private static extern unsafe int g711_decode(IntPtr s, short* amp, byte* g711, int len);
    [DllImport("spandsp")] private static extern int g711_free(IntPtr s);

    // spandsp's g711.h: G711_ALAW 0, G711_ULAW 1.
    private static int SpanDspMode(G711Law law) => law == G711Law.ALaw ? 0 : 1;

    private static short[] AllSamples() => [.. Enumerable.Range(short.MinValue, 65536).Select(i => (short)i)];

    // ITU-T G.191 (STL) g711.c, alaw_compress: 12-bit magnitude by one's complement of negatives, >> 4.
    private static byte G191ALaw(int x)
    {
        var ix = (x < 0 ? ~x : x) >> 4;
        if (ix > 15)
        {
            var exp = 1;
            while (ix > 16 + 15)
            {
                ix >>= 1;
                exp++;
            }
            ix -= 16;
            ix += exp << 4;
        }
        if (x >= 0)
            ix |= 0x80;
        return (byte)(ix ^ 0x55);
    }

    // ITU-T G.191 (STL) g711.c, ulaw_compress.
    private static byte G191MuLaw(int x)
    {
        var absno = ((x < 0 ? ~x : x) >> 2) + 33;
        if (absno > 0x1FFF)
            absno = 0x1FFF;
        var segno = 1;
        for (var i = absno >> 6; i != 0; i >>= 1)
            segno++;
        var high = 8 - segno;
        var low = 0x0F - ((absno >> segno) & 0x0F);
        var code = (high << 4) | low;
        if (x >= 0)
            code |= 0x80;
        return (byte)code;
    }

    // ITU-T G.191 (STL) g711.c, alaw_expand and ulaw_expand.
    private static short G191Decode(byte code, G711Law law)
    {
        if (law == G711Law.ALaw)
        {
            var ix = (code ^ 0x55) & 0x7F;
            var exp = ix >> 4;
            var mant = ix & 0x0F;
            if (exp > 0)
                mant += 16;
            mant = (mant << 4) + 8;
            if (exp > 1)
                mant <<= exp - 1;
            return (short)(code > 127 ? mant : -mant);
        }
        var sign = code < 0x80 ? -1 : 1;
        var m = ~code;
        var exponent = (m >> 4) & 0x07;
        var step = 4 << (exponent + 1);
        return (short)(sign * ((0x80 << exponent) + (step * (m & 0x0F)) + (step / 2) - (4 * 33)));
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public void Encoder_matches_the_G191_reference_for_every_sample(G711Law law)
    {
        // A-law (mid-rise, no zero level): both take the one's complement of a negative sample. µ-law (mid-tread,
        // Table 2 symmetric about 0): we negate like spandsp and NAudio, so −x codes as the mirror of +x; G.191 takes
        // the one's complement, so its code for x − 1 is ours for a negative x (they differ at 127 of 65 536 samples).
        foreach (var x in AllSamples())
        {
            var want = law == G711Law.ALaw ? G191ALaw(x) : G191MuLaw(x < 0 ? x - 1 : x);
            var got = G711.Encode(x, law);
            Assert.True(want == got, $"{law} {x}: G.191 {want:X2}, ours {got:X2}");
        }
    }

    [Fact]
    public void Mu_law_codes_a_negative_sample_as_the_mirror_of_its_magnitude()
    {
        foreach (var x in AllSamples())
        {
            if (x <= 0)
                continue;
            Assert.Equal(G711.Encode(x, G711Law.MuLaw) & 0x7F, G711.Encode((short)-x, G711Law.MuLaw) & 0x7F);
            Assert.Equal(-G711.Decode(G711.Encode(x, G711Law.MuLaw), G711Law.MuLaw), G711.Decode(G711.Encode((short)-x, G711Law.MuLaw), G711Law.MuLaw));
        }
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public void Decoder_matches_the_G191_reference_for_every_code(G711Law law)
    {
        for (var c = 0; c < 256; c++)
            Assert.Equal(G191Decode((byte)c, law), G711.Decode((byte)c, law));
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public unsafe void Encoder_and_decoder_match_spandsp_for_every_sample_and_code(G711Law law)
    {
        var samples = AllSamples();
        var theirs = new byte[samples.Length];
        var ours = new byte[samples.Length];
        var state = g711_init(IntPtr.Zero, SpanDspMode(law));
        try
        {
            fixed (short* s = samples)
            fixed (byte* t = theirs)
                Assert.Equal(samples.Length, g711_encode(state, t, s, samples.Length));
            G711.Encode(samples, ours, law);
            Assert.Equal(theirs, ours);

            var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
            var theirLinear = new short[256];
            var ourLinear = new short[256];
            fixed (byte* c = codes)
            fixed (short* l = theirLinear)
                Assert.Equal(256, g711_decode(state, l, c, 256));
            G711.Decode(codes, ourLinear, law);
            Assert.Equal(theirLinear, ourLinear);
        }
        finally
        {
            g711_free(state);
        }
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public void Decoder_matches_naudio_for_every_code(G711Law law)
    {
        for (var c = 0; c < 256; c++)
        {
            var want = law == G711Law.ALaw ? NAudio.Codecs.ALawDecoder.ALawToLinearSample((byte)c) : NAudio.Codecs.MuLawDecoder.MuLawToLinearSample((byte)c);
            // NAudio's µ-law table holds −1 for the negative zero 0x7F; G.711 Table 2 (and spandsp) decode it as 0.
            if (law == G711Law.MuLaw && c == 0x7F)
                want = 0;
            Assert.True(want == G711.Decode((byte)c, law), $"{law} code {c:X2}: NAudio {want}, ours {G711.Decode((byte)c, law)}");
        }
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public void Encoder_matches_naudio_for_every_sample_up_to_its_magnitude_of_negatives(G711Law law)
    {
        // NAudio negates a negative sample for both laws; for µ-law so do we (and spandsp), for A-law we take the
        // one's complement like G.191 and spandsp, so our A-law code for x < −1 is NAudio's for x + 1 (−1 is the
        // smallest negative A-law value for us, +0 for NAudio). NAudio overflows on −32768 (−(−32768) is −32768).
        foreach (var x in AllSamples())
        {
            if (x == short.MinValue || (law == G711Law.ALaw && x == -1))
                continue;
            var reference = (short)(law == G711Law.ALaw && x < 0 ? x + 1 : x);
            var want = law == G711Law.ALaw ? NAudio.Codecs.ALawEncoder.LinearToALawSample(reference) : NAudio.Codecs.MuLawEncoder.LinearToMuLawSample(reference);
            var got = G711.Encode(x, law);
            Assert.True(want == got, $"{law} {x}: NAudio({reference}) {want:X2}, ours {got:X2}");
        }
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public void Span_encode_and_decode_equal_the_per_sample_calls(G711Law law)
    {
        var samples = AllSamples();
        var codes = new byte[samples.Length];
        G711.Encode(samples, codes, law);
        var decoded = new short[samples.Length];
        G711.Decode(codes, decoded, law);
        var roundTrip = (short[])samples.Clone();
        G711.RoundTrip(roundTrip, law);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(G711.Encode(samples[i], law), codes[i]);
            Assert.Equal(G711.Decode(codes[i], law), decoded[i]);
            Assert.Equal(decoded[i], roundTrip[i]);
        }
    }

    [Fact]
    public void Short_buffers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => G711.Encode(new short[160], new byte[159], G711Law.ALaw));
        Assert.Throws<ArgumentException>(() => G711.Decode(new byte[160], new short[159], G711Law.MuLaw));
    }
}
