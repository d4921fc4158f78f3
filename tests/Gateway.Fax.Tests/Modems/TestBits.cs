using Gateway.Fax.Modems;

namespace Gateway.Fax.Tests.Modems;

/// <summary>A fixed bit sequence (one bit per element) as a modulator's source.</summary>
public sealed class TestBits(byte[] bits) : IModemBitSource
{
    private int _next;

    public int NextBit() => _next < bits.Length ? bits[_next++] : -1;

    public static byte[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var b = new byte[count];
        for (var i = 0; i < count; i++)
            b[i] = (byte)rng.Next(2);
        return b;
    }

    /// <summary>Runs <paramref name="modulator"/> to the end in 160-sample blocks.</summary>
    public static short[] Render(IFaxModulator modulator, int maxSamples = 8000 * 120)
    {
        var all = new List<short>();
        Span<short> block = stackalloc short[160];
        while (all.Count < maxSamples)
        {
            var n = modulator.Modulate(block);
            for (var i = 0; i < n; i++)
                all.Add(block[i]);
            if (n < block.Length)
                break;
        }
        return [.. all];
    }

    /// <summary>Where <paramref name="needle"/> first occurs in <paramref name="hay"/>, or −1.</summary>
    public static int IndexOf(IReadOnlyList<byte> hay, byte[] needle, int length)
    {
        for (var i = 0; i + length <= hay.Count; i++)
        {
            var ok = true;
            for (var j = 0; j < length && ok; j++)
                ok = hay[i + j] == needle[j];
            if (ok)
                return i;
        }
        return -1;
    }
}
