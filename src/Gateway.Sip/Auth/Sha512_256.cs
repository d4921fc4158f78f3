using System.Buffers.Binary;
using System.Numerics;

namespace Gateway.Sip.Auth;

/// <summary>
/// SHA-512/256 (FIPS 180-4 §5.3.6.2, §6.7), which .NET does not provide and RFC 8760 requires for
/// SIP digest. The round constants and initial values are derived at start-up exactly as FIPS 180-4
/// defines them (cube and square roots of primes; the SHA-512/t IV generation function), so no
/// table is typed in by hand.
/// </summary>
internal static class Sha512_256
{
    static readonly ulong[] K = Roots(80, 3);
    static readonly ulong[] Iv = DeriveIv();

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var h = (ulong[])Iv.Clone();
        Compress(h, data);
        var o = new byte[32];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64BigEndian(o.AsSpan(i * 8), h[i]);
        return o;
    }

    /// <summary>Full SHA-512 with a given IV (used for the IV derivation and checked against .NET's SHA512 in tests).</summary>
    internal static byte[] Sha512(ReadOnlySpan<byte> data, ulong[] iv)
    {
        var h = (ulong[])iv.Clone();
        Compress(h, data);
        var o = new byte[64];
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64BigEndian(o.AsSpan(i * 8), h[i]);
        return o;
    }

    internal static ulong[] Sha512Iv => Roots(8, 2);

    static ulong[] DeriveIv()
    {
        // FIPS 180-4 §5.3.6: IV(512/t) = SHA-512 with IV ^ a5a5… over the string "SHA-512/256".
        var iv = Sha512Iv;
        for (int i = 0; i < 8; i++) iv[i] ^= 0xa5a5a5a5a5a5a5a5UL;
        var d = Sha512("SHA-512/256"u8, iv);
        var r = new ulong[8];
        for (int i = 0; i < 8; i++) r[i] = BinaryPrimitives.ReadUInt64BigEndian(d.AsSpan(i * 8));
        return r;
    }

    /// <summary>First 64 bits of the fractional parts of the n-th roots (2: square, 3: cube) of the first primes.</summary>
    static ulong[] Roots(int count, int n)
    {
        var r = new ulong[count];
        int found = 0;
        for (int p = 2; found < count; p++)
        {
            bool prime = true;
            for (int d = 2; d * d <= p; d++) if (p % d == 0) { prime = false; break; }
            if (!prime) continue;
            var scaled = new BigInteger(p) << (64 * n);
            var root = IntegerRoot(scaled, n);
            r[found++] = (ulong)(root & ulong.MaxValue);
        }
        return r;
    }

    static BigInteger IntegerRoot(BigInteger x, int n)
    {
        // Newton's method for floor(x^(1/n)).
        var y = BigInteger.One << (int)((x.GetBitLength() + n - 1) / n + 1);
        while (true)
        {
            var next = ((n - 1) * y + x / BigInteger.Pow(y, n - 1)) / n;
            if (next >= y) break;
            y = next;
        }
        while (BigInteger.Pow(y + 1, n) <= x) y++;
        while (BigInteger.Pow(y, n) > x) y--;
        return y;
    }

    static void Compress(ulong[] h, ReadOnlySpan<byte> data)
    {
        int padded = ((data.Length + 17 + 127) / 128) * 128;
        var buf = new byte[padded];
        data.CopyTo(buf);
        buf[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(buf.AsSpan(padded - 8), (ulong)data.Length * 8);
        Span<ulong> w = stackalloc ulong[80];
        for (int off = 0; off < padded; off += 128)
        {
            for (int t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt64BigEndian(buf.AsSpan(off + t * 8));
            for (int t = 16; t < 80; t++)
            {
                ulong s0 = BitOperations.RotateRight(w[t - 15], 1) ^ BitOperations.RotateRight(w[t - 15], 8) ^ (w[t - 15] >> 7);
                ulong s1 = BitOperations.RotateRight(w[t - 2], 19) ^ BitOperations.RotateRight(w[t - 2], 61) ^ (w[t - 2] >> 6);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            ulong a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (int t = 0; t < 80; t++)
            {
                ulong S1 = BitOperations.RotateRight(e, 14) ^ BitOperations.RotateRight(e, 18) ^ BitOperations.RotateRight(e, 41);
                ulong ch = (e & f) ^ (~e & g);
                ulong t1 = hh + S1 + ch + K[t] + w[t];
                ulong S0 = BitOperations.RotateRight(a, 28) ^ BitOperations.RotateRight(a, 34) ^ BitOperations.RotateRight(a, 39);
                ulong maj = (a & b) ^ (a & c) ^ (b & c);
                ulong t2 = S0 + maj;
                hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
            }
            h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
        }
    }
}
