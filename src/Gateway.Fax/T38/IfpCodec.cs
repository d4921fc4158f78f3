namespace Gateway.Fax.T38;

/// <summary>
/// Encoder and decoder for IFP packets, ASN.1 aligned PER of T.38 Annex A:
/// <code>
/// IFPPacket ::= SEQUENCE { type-of-msg Type-of-msg, data-field Data-Field OPTIONAL }
///   octet 1: [data-field present][choice: 0 indicator, 1 data][ext][value: 4 bits][pad]
///            (an extension value: ext=1, then a normally small number: 0 + 6 bits, spilling into octet 2)
/// Data-Field ::= SEQUENCE OF SEQUENCE { field-type, field-data OCTET STRING (SIZE(1..65535)) OPTIONAL }
///   count: octet-aligned length determinant (1 octet &lt; 128, 2 octets 10xxxxxx &lt; 16384)
///   each field: [field-data present][field-type], then if present: align, 16-bit (length - 1), octets
///   field-type: v0 (T.38 1998) has no extension marker: 3 bits; v1-v3: ext bit + 3 bits (or ext + 7 bits)
/// </code>
/// Fields without data are packed at bit level, as PER does (spandsp's decoder agrees for v0; for v1+ it
/// assumes one octet per field, so <see cref="T38Terminal"/> only ever puts a data-less field last).
/// The span overloads (<see cref="EncodeIndicator"/>, <see cref="EncodeData"/>, <see cref="TryRead"/>) allocate
/// nothing: they are what the media path uses; the <see cref="IfpPacket"/> ones build objects for tests and tools.
/// </summary>
public static partial class IfpCodec
{
    /// <summary>Octets needed to encode <paramref name="packet"/> (an upper bound that is exact for root values).</summary>
    public static int MaxEncodedLength(IfpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var n = 2 + 2;
        foreach (var f in packet.Fields)
            n += 2 + 2 + f.Data.Length;
        return n;
    }

    /// <summary>Octets needed at most for a data packet with <paramref name="fields"/>.</summary>
    public static int MaxEncodedLength(ReadOnlySpan<IfpField> fields)
    {
        var n = 2 + 2;
        foreach (var f in fields)
            n += 2 + 2 + f.Data.Length;
        return n;
    }

    /// <summary>Encodes into <paramref name="destination"/> and returns the length.</summary>
    /// <exception cref="ArgumentException">A value does not exist in <paramref name="version"/> (extensions in v0), or a field is over 65535 octets.</exception>
    public static int Encode(IfpPacket packet, int version, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Indicator is { } indicator)
            return EncodeIndicator(indicator, version, destination);
        return packet.Fields is IfpField[] array
            ? EncodeData(packet.DataType, version, destination, array)
            : EncodeData(packet.DataType, version, destination, [.. packet.Fields]);
    }

    /// <summary>Encodes into a new array.</summary>
    public static byte[] Encode(IfpPacket packet, int version)
    {
        var buffer = new byte[MaxEncodedLength(packet)];
        var n = Encode(packet, version, buffer);
        return buffer[..n];
    }

    /// <summary>Encodes an indicator packet into <paramref name="destination"/> (2 octets suffice) and returns the length.</summary>
    public static int EncodeIndicator(T38Indicator indicator, int version, Span<byte> destination)
    {
        CheckVersion(version);
        var w = new PerBitWriter(destination);
        w.WriteBits(0, 1); // no data field
        w.WriteBits(0, 1); // t30-indicator
        WriteEnumerated(ref w, (int)indicator, 16, version);
        return w.Length;
    }

    /// <summary>
    /// Encodes a data packet into <paramref name="destination"/> (at least <see cref="MaxEncodedLength(ReadOnlySpan{IfpField})"/>
    /// octets) and returns the length. With no fields, the data field is left out.
    /// </summary>
    /// <exception cref="ArgumentException">A value does not exist in <paramref name="version"/> (extensions in v0), or a field is over 65535 octets.</exception>
    public static int EncodeData(T38DataType dataType, int version, Span<byte> destination, params ReadOnlySpan<IfpField> fields)
    {
        CheckVersion(version);
        var w = new PerBitWriter(destination);
        w.WriteBits(fields.Length > 0 ? 1 : 0, 1);
        w.WriteBits(1, 1); // t30-data
        WriteEnumerated(ref w, (int)dataType, 9, version);
        if (fields.Length == 0)
            return w.Length;
        w.Align();
        var count = fields.Length;
        if (count < 0x80)
            w.WriteBits(count, 8);
        else if (count < 0x4000)
            w.WriteBits(0x8000 | count, 16);
        else
            throw new ArgumentException("More than 16383 fields in one IFP packet.", nameof(fields));
        foreach (var field in fields)
        {
            var hasData = !field.Data.IsEmpty;
            w.WriteBits(hasData ? 1 : 0, 1);
            if (version == 0)
            {
                if ((int)field.Type > 7)
                    throw new ArgumentException($"Field type {field.Type} does not exist in T.38 version 0.", nameof(fields));
                w.WriteBits((int)field.Type, 3);
            }
            else
            {
                WriteEnumerated(ref w, (int)field.Type, 8, version);
            }
            if (hasData)
            {
                if (field.Data.Length > 65535)
                    throw new ArgumentException("An IFP field holds at most 65535 octets.", nameof(fields));
                w.Align();
                w.WriteBits(field.Data.Length - 1, 16);
                w.WriteOctets(field.Data.Span);
            }
        }
        return w.Length;
    }

    private static void CheckVersion(int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 3);
    }

    // ENUMERATED with an extension marker: ext bit, then the root value in 4 bits (indicator/data: 16 and 9
    // root values) or 3 bits (field type: 8 root values); extension values as a normally small number.
    private static void WriteEnumerated(ref PerBitWriter w, int value, int rootCount, int version)
    {
        var rootBits = rootCount <= 8 ? 3 : 4;
        if (value < rootCount)
        {
            w.WriteBits(0, 1);
            w.WriteBits(value, rootBits);
            return;
        }
        if (version == 0 && rootCount != 16)
            throw new ArgumentException($"Value {value} is an extension that T.38 version 0 does not have.");
        w.WriteBits(1, 1);
        w.WriteBits(0, 1);
        w.WriteBits(value - rootCount, 6);
    }
}
