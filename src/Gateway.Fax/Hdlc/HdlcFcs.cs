namespace Gateway.Fax.Hdlc;

/// <summary>
/// The HDLC frame check sequence used by T.30: CRC-16/X.25 (ITU-T V.41 polynomial x^16+x^12+x^5+1,
/// reflected, initial value 0xFFFF, complemented), sent least significant octet first (T.30 §5.3.7).
/// </summary>
public static class HdlcFcs
{
    /// <summary>The CRC register value left after running over a frame and its own good FCS.</summary>
    public const ushort GoodResidue = 0xF0B8;

    private static readonly ushort[] Table = BuildTable();

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0x8408) : (ushort)(crc >> 1);
            table[i] = crc;
        }
        return table;
    }

    /// <summary>Runs the CRC register over <paramref name="data"/> starting from <paramref name="crc"/> (no final complement).</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        return crc;
    }

    /// <summary>The FCS value to transmit for <paramref name="frame"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> frame) => (ushort)~Update(0xFFFF, frame);

    /// <summary>Writes the two FCS octets for <paramref name="frame"/> into <paramref name="destination"/> (low octet first).</summary>
    public static void Write(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        var fcs = Compute(frame);
        destination[0] = (byte)fcs;
        destination[1] = (byte)(fcs >> 8);
    }

    /// <summary>True when <paramref name="frameWithFcs"/> (frame followed by its two FCS octets) is intact.</summary>
    public static bool Check(ReadOnlySpan<byte> frameWithFcs) =>
        frameWithFcs.Length >= 2 && Update(0xFFFF, frameWithFcs) == GoodResidue;
}
