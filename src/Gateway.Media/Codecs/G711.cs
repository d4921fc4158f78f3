namespace Gateway.Media.Codecs;

/// <summary>
/// Table-driven G.711 codec (ITU-T G.711 Tables 1a/1b and 2a/2b). Decoding uses 256-entry tables and encoding
/// uses 16 384-entry tables indexed by the 14-bit (µ-law) or 13-bit (A-law) magnitude-bearing value, so a 20 ms
/// frame is 160 table look-ups and no allocation.
/// </summary>
public static class G711
{
    private const int MuLawBias = 0x84; // G.711 §1.2: µ-law segment bias of 33 in 14-bit units (132 in 16-bit).
    private const int MuLawClip = 32635;

    private static readonly short[] MuLawToLinear = BuildMuLawDecode();
    private static readonly short[] ALawToLinear = BuildALawDecode();
    private static readonly byte[] LinearToMuLaw = BuildMuLawEncode();
    private static readonly byte[] LinearToALaw = BuildALawEncode();

    /// <summary>Decodes one code word to 16-bit linear PCM.</summary>
    public static short Decode(byte code, G711Law law) => law == G711Law.MuLaw ? MuLawToLinear[code] : ALawToLinear[code];

    /// <summary>Encodes one 16-bit linear sample.</summary>
    public static byte Encode(short sample, G711Law law) =>
        law == G711Law.MuLaw ? LinearToMuLaw[(ushort)sample >> 2] : LinearToALaw[(ushort)sample >> 3];

    /// <summary>Decodes <paramref name="codes"/> into <paramref name="samples"/> (same length or longer).</summary>
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> samples, G711Law law)
    {
        if (samples.Length < codes.Length)
        {
            throw new ArgumentException("The sample buffer is shorter than the code buffer.", nameof(samples));
        }

        var table = law == G711Law.MuLaw ? MuLawToLinear : ALawToLinear;
        for (var i = 0; i < codes.Length; i++)
        {
            samples[i] = table[codes[i]];
        }
    }

    /// <summary>Encodes <paramref name="samples"/> into <paramref name="codes"/> (same length or longer).</summary>
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> codes, G711Law law)
    {
        if (codes.Length < samples.Length)
        {
            throw new ArgumentException("The code buffer is shorter than the sample buffer.", nameof(codes));
        }

        if (law == G711Law.MuLaw)
        {
            var table = LinearToMuLaw;
            for (var i = 0; i < samples.Length; i++)
            {
                codes[i] = table[(ushort)samples[i] >> 2];
            }
        }
        else
        {
            var table = LinearToALaw;
            for (var i = 0; i < samples.Length; i++)
            {
                codes[i] = table[(ushort)samples[i] >> 3];
            }
        }
    }

    /// <summary>Encodes then decodes in place: the distortion a G.711 channel adds.</summary>
    public static void RoundTrip(Span<short> samples, G711Law law)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Decode(Encode(samples[i], law), law);
        }
    }

    private static short[] BuildMuLawDecode()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            // G.711 §1.2: code words are transmitted inverted; sign bit set means positive.
            var u = ~i & 0xFF;
            var t = ((u & 0x0F) << 3) + MuLawBias;
            t <<= (u & 0x70) >> 4;
            table[i] = (short)((u & 0x80) != 0 ? MuLawBias - t : t - MuLawBias);
        }

        return table;
    }

    private static short[] BuildALawDecode()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            // G.711 §1.3: even bits are inverted on the line (XOR 0x55).
            var a = i ^ 0x55;
            var t = (a & 0x0F) << 4;
            var seg = (a & 0x70) >> 4;
            t = seg switch
            {
                0 => t + 8,
                1 => t + 0x108,
                _ => (t + 0x108) << (seg - 1),
            };
            table[i] = (short)((a & 0x80) != 0 ? t : -t);
        }

        return table;
    }

    private static byte[] BuildMuLawEncode()
    {
        var table = new byte[1 << 14];
        for (var i = 0; i < table.Length; i++)
        {
            var sample = (short)(i << 2);
            table[i] = EncodeMuLaw(sample);
        }

        return table;
    }

    private static byte[] BuildALawEncode()
    {
        var table = new byte[1 << 13];
        for (var i = 0; i < table.Length; i++)
        {
            var sample = (short)(i << 3);
            table[i] = EncodeALaw(sample);
        }

        return table;
    }

    private static byte EncodeMuLaw(short sample)
    {
        int pcm = sample;
        var mask = 0xFF;
        if (pcm < 0)
        {
            pcm = -pcm;
            mask = 0x7F;
        }

        pcm = Math.Min(pcm, MuLawClip) + MuLawBias;
        var seg = 0;
        for (var v = pcm >> 7; v > 1 && seg < 7; v >>= 1)
        {
            seg++;
        }

        var code = (seg << 4) | ((pcm >> (seg + 3)) & 0x0F);
        return (byte)(code ^ mask);
    }

    private static byte EncodeALaw(short sample)
    {
        int pcm = sample >> 3; // 13-bit
        var mask = 0xD5;
        if (pcm < 0)
        {
            pcm = ~pcm;
            mask = 0x55;
        }

        int code;
        if (pcm < 32)
        {
            code = pcm >> 1;
        }
        else
        {
            var seg = 1;
            for (var v = pcm >> 6; v > 0 && seg < 7; v >>= 1)
            {
                seg++;
            }

            code = (seg << 4) | ((pcm >> seg) & 0x0F);
        }

        return (byte)(code ^ mask);
    }
}
