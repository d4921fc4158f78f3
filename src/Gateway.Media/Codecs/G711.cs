using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Media.Codecs;

/// <summary>
/// Table-driven G.711 codec (ITU-T G.711 Tables 1a/1b and 2a/2b), the one G.711 of the solution: RTP audio and
/// the fax modems' line simulations use it alike. Decoding is one look-up in a 256-entry table per code; encoding
/// one look-up in a 65 536-entry table indexed by the 16-bit sample itself, so a 20 ms frame is 160 look-ups,
/// no branches per sample and no allocation.
/// </summary>
/// <remarks>
/// A 16-bit sample is reduced to the 13-bit (A-law) or 14-bit (µ-law) input of G.711 exactly as libspandsp does
/// (identical for all 65 536 samples): A-law, a mid-rise quantiser, takes the one's complement of a negative sample
/// like the ITU-T G.191 tools (levels symmetric about −½ LSB); µ-law, mid-tread with Table 2 symmetric about 0,
/// negates it, so −x codes as the mirror of +x.
/// </remarks>
public static class G711
{
    // G.711 §1.2 (Table 2): µ-law adds a bias of 33 to the 14-bit magnitude and clips at 8191 after the bias.
    private const int MuLawBias = 33;
    private const int MuLawMax = 0x1FFF;

    private static readonly short[] MuLawToLinear = BuildDecode(MuLawDecode);
    private static readonly short[] ALawToLinear = BuildDecode(ALawDecode);
    private static readonly byte[] LinearToMuLaw = BuildEncode(MuLawEncode);
    private static readonly byte[] LinearToALaw = BuildEncode(ALawEncode);

    /// <summary>Decodes one code word to 16-bit linear PCM.</summary>
    public static short Decode(byte code, G711Law law) => law == G711Law.MuLaw ? MuLawToLinear[code] : ALawToLinear[code];

    /// <summary>Encodes one 16-bit linear sample.</summary>
    public static byte Encode(short sample, G711Law law) =>
        law == G711Law.MuLaw ? LinearToMuLaw[(ushort)sample] : LinearToALaw[(ushort)sample];

    /// <summary>Decodes <paramref name="codes"/> into <paramref name="samples"/> (same length or longer).</summary>
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> samples, G711Law law)
    {
        if (samples.Length < codes.Length)
            throw new ArgumentException("The sample buffer is shorter than the code buffer.", nameof(samples));

        // Every byte indexes the 256-entry table, so the look-up needs no bounds check.
        ref var table = ref MemoryMarshal.GetArrayDataReference(law == G711Law.MuLaw ? MuLawToLinear : ALawToLinear);
        ref var code = ref MemoryMarshal.GetReference(codes);
        ref var sample = ref MemoryMarshal.GetReference(samples);
        for (var i = 0; i < codes.Length; i++)
            Unsafe.Add(ref sample, i) = Unsafe.Add(ref table, Unsafe.Add(ref code, i));
    }

    /// <summary>Encodes <paramref name="samples"/> into <paramref name="codes"/> (same length or longer).</summary>
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> codes, G711Law law)
    {
        if (codes.Length < samples.Length)
            throw new ArgumentException("The code buffer is shorter than the sample buffer.", nameof(codes));

        // Every 16-bit sample, read as unsigned, indexes the 65 536-entry table.
        ref var table = ref MemoryMarshal.GetArrayDataReference(law == G711Law.MuLaw ? LinearToMuLaw : LinearToALaw);
        ref var sample = ref MemoryMarshal.GetReference(samples);
        ref var code = ref MemoryMarshal.GetReference(codes);
        for (var i = 0; i < samples.Length; i++)
            Unsafe.Add(ref code, i) = Unsafe.Add(ref table, (ushort)Unsafe.Add(ref sample, i));
    }

    /// <summary>Encodes then decodes in place: the distortion a G.711 channel adds.</summary>
    public static void RoundTrip(Span<short> samples, G711Law law)
    {
        var encode = law == G711Law.MuLaw ? LinearToMuLaw : LinearToALaw;
        var decode = law == G711Law.MuLaw ? MuLawToLinear : ALawToLinear;
        for (var i = 0; i < samples.Length; i++)
            samples[i] = decode[encode[(ushort)samples[i]]];
    }

    private static short[] BuildDecode(Func<int, short> decode)
    {
        var table = new short[256];
        for (var i = 0; i < table.Length; i++)
            table[i] = decode(i);
        return table;
    }

    private static byte[] BuildEncode(Func<short, byte> encode)
    {
        var table = new byte[65536];
        for (var i = 0; i < table.Length; i++)
            table[i] = encode((short)i);
        return table;
    }

    // G.711 §1.2, Table 2a/2b: all bits are inverted on the line; sign bit set means positive. The decoder output
    // is the middle of the quantisation interval, in 16-bit units (14-bit value × 4).
    private static short MuLawDecode(int code)
    {
        var u = ~code & 0xFF;
        var exponent = (u >> 4) & 0x07;
        var magnitude = ((((u & 0x0F) << 3) + (MuLawBias << 2)) << exponent) - (MuLawBias << 2);
        return (short)((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    // G.711 §1.3, Table 1a/1b: even bits are inverted on the line (XOR 0x55); sign bit set means positive.
    private static short ALawDecode(int code)
    {
        var a = code ^ 0x55;
        var segment = (a >> 4) & 0x07;
        var step = (a & 0x0F) << 4;
        var magnitude = segment == 0 ? step + 8 : (step + 0x108) << (segment - 1);
        return (short)((a & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static byte MuLawEncode(short sample)
    {
        // 14-bit magnitude, biased and clipped (G.711 Table 2).
        var magnitude = Math.Min((Math.Abs((int)sample) >> 2) + MuLawBias, MuLawMax);
        // Segment: position of the leading one above bit 5 (segment 0 covers biased 33..63).
        var segment = BitOperations.Log2((uint)magnitude) - 5;
        var mantissa = (magnitude >> (segment + 1)) & 0x0F;
        // All bits are inverted on the line, so a positive sample ends with the sign bit set.
        var code = (segment << 4) | mantissa | (sample < 0 ? 0x80 : 0);
        return (byte)~code;
    }

    private static byte ALawEncode(short sample)
    {
        // 12-bit magnitude (one's complement of negatives) of the 13-bit A-law input (G.711 Table 1).
        var magnitude = (sample < 0 ? ~sample : sample) >> 4;
        int code;
        if (magnitude < 16)
        {
            code = magnitude;
        }
        else
        {
            // Segments 1..7 double in width: the leading one of the magnitude gives the segment.
            var segment = BitOperations.Log2((uint)magnitude) - 3;
            code = (segment << 4) | ((magnitude >> (segment - 1)) & 0x0F);
        }
        return (byte)((code | (sample >= 0 ? 0x80 : 0)) ^ 0x55);
    }
}
