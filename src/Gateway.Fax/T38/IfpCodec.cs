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
/// </summary>
public static class IfpCodec
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

    /// <summary>Encodes into <paramref name="destination"/> and returns the length.</summary>
    /// <exception cref="ArgumentException">A value does not exist in <paramref name="version"/> (extensions in v0), or a field is over 65535 octets.</exception>
    public static int Encode(IfpPacket packet, int version, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 3);
        var w = new PerBitWriter(destination);
        if (packet.Indicator is { } indicator)
        {
            w.WriteBits(0, 1); // no data field
            w.WriteBits(0, 1); // t30-indicator
            WriteEnumerated(ref w, (int)indicator, 16, version);
            return w.Length;
        }
        w.WriteBits(packet.Fields.Count > 0 ? 1 : 0, 1);
        w.WriteBits(1, 1); // t30-data
        WriteEnumerated(ref w, (int)packet.DataType, 9, version);
        if (packet.Fields.Count == 0)
            return w.Length;
        w.Align();
        var count = packet.Fields.Count;
        if (count < 0x80)
            w.WriteBits(count, 8);
        else if (count < 0x4000)
            w.WriteBits(0x8000 | count, 16);
        else
            throw new ArgumentException("More than 16383 fields in one IFP packet.", nameof(packet));
        foreach (var field in packet.Fields)
        {
            var hasData = !field.Data.IsEmpty;
            w.WriteBits(hasData ? 1 : 0, 1);
            if (version == 0)
            {
                if ((int)field.Type > 7)
                    throw new ArgumentException($"Field type {field.Type} does not exist in T.38 version 0.", nameof(packet));
                w.WriteBits((int)field.Type, 3);
            }
            else
            {
                WriteEnumerated(ref w, (int)field.Type, 8, version);
            }
            if (hasData)
            {
                if (field.Data.Length > 65535)
                    throw new ArgumentException("An IFP field holds at most 65535 octets.", nameof(packet));
                w.Align();
                w.WriteBits(field.Data.Length - 1, 16);
                w.WriteOctets(field.Data.Span);
            }
        }
        return w.Length;
    }

    /// <summary>Encodes into a new array.</summary>
    public static byte[] Encode(IfpPacket packet, int version)
    {
        var buffer = new byte[MaxEncodedLength(packet)];
        var n = Encode(packet, version, buffer);
        return buffer[..n];
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

    /// <summary>Decodes one IFP packet. Never throws on bad input: returns false with a typed error.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> octets, int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IfpPacket? packet, out IfpError error)
    {
        packet = null;
        var r = new PerBitReader(octets);
        if (!r.TryReadBits(1, out var present) || !r.TryReadBits(1, out var choice))
        {
            error = IfpError.Truncated;
            return false;
        }
        if (choice == 0)
        {
            if (!TryReadEnumerated(ref r, 16, 23, out var indicator, out error))
                return false;
            if (present == 1)
            {
                error = IfpError.DataWithIndicator;
                return false;
            }
            packet = IfpPacket.ForIndicator((T38Indicator)indicator);
            return true;
        }
        if (!TryReadEnumerated(ref r, 9, 15, out var dataType, out error))
            return false;
        if (present == 0)
        {
            packet = IfpPacket.ForData((T38DataType)dataType);
            return true;
        }
        if (!r.TryReadOctets(1, out var len1))
        {
            error = IfpError.Truncated;
            return false;
        }
        int count;
        if (len1[0] < 0x80)
            count = len1[0];
        else if ((len1[0] & 0xC0) == 0x80)
        {
            if (!r.TryReadOctets(1, out var len2))
            {
                error = IfpError.Truncated;
                return false;
            }
            count = ((len1[0] & 0x3F) << 8) | len2[0];
        }
        else
        {
            error = IfpError.UnsupportedLength;
            return false;
        }
        var fields = new IfpField[count];
        for (var i = 0; i < count; i++)
        {
            if (!r.TryReadBits(1, out var hasData))
            {
                error = IfpError.Truncated;
                return false;
            }
            int type;
            if (version == 0)
            {
                if (!r.TryReadBits(3, out type))
                {
                    error = IfpError.Truncated;
                    return false;
                }
            }
            else if (!TryReadEnumerated(ref r, 8, 12, out type, out error))
                return false;
            var data = ReadOnlyMemory<byte>.Empty;
            if (hasData == 1)
            {
                if (!r.TryReadOctets(2, out var lengthOctets))
                {
                    error = IfpError.Truncated;
                    return false;
                }
                var length = ((lengthOctets[0] << 8) | lengthOctets[1]) + 1;
                if (!r.TryReadOctets(length, out var body))
                {
                    error = IfpError.Truncated;
                    return false;
                }
                data = body.ToArray();
            }
            fields[i] = new IfpField((T38FieldType)type, data);
        }
        packet = IfpPacket.ForData((T38DataType)dataType, fields);
        error = IfpError.None;
        return true;
    }

    private static bool TryReadEnumerated(ref PerBitReader r, int rootCount, int limit, out int value, out IfpError error)
    {
        value = 0;
        var rootBits = rootCount <= 8 ? 3 : 4;
        if (!r.TryReadBits(1, out var ext))
        {
            error = IfpError.Truncated;
            return false;
        }
        if (ext == 0)
        {
            if (!r.TryReadBits(rootBits, out value))
            {
                error = IfpError.Truncated;
                return false;
            }
        }
        else
        {
            if (!r.TryReadBits(1, out var large) || !r.TryReadBits(6, out var extension))
            {
                error = IfpError.Truncated;
                return false;
            }
            if (large != 0)
            {
                error = IfpError.UnknownValue;
                return false;
            }
            value = rootCount + extension;
        }
        if (value >= limit || (ext == 0 && value >= rootCount))
        {
            error = IfpError.UnknownValue;
            return false;
        }
        error = IfpError.None;
        return true;
    }
}
