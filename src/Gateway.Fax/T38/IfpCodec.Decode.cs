namespace Gateway.Fax.T38;

// Decoding: TryRead checks a whole packet and hands out a view over its octets (no copies); TryDecode builds
// an IfpPacket from that view.
public static partial class IfpCodec
{
    /// <summary>Decodes one IFP packet into a new <see cref="IfpPacket"/>. Never throws on bad input: returns false with a typed error.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> octets, int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IfpPacket? packet, out IfpError error)
    {
        packet = null;
        if (!TryRead(octets, version, out var view, out error))
            return false;
        if (view.Indicator is { } indicator)
        {
            packet = IfpPacket.ForIndicator(indicator);
            return true;
        }
        var fields = new IfpField[view.FieldCount];
        var i = 0;
        foreach (var field in view)
            fields[i++] = new IfpField(field.Type, field.Data.IsEmpty ? ReadOnlyMemory<byte>.Empty : field.Data.ToArray());
        packet = IfpPacket.ForData(view.DataType, fields);
        return true;
    }

    /// <summary>
    /// Checks one IFP packet and views it in place (no allocation): the fields are read from
    /// <paramref name="octets"/> as <paramref name="view"/> is enumerated. Never throws on bad input:
    /// returns false with a typed error.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> octets, int version, out IfpView view, out IfpError error)
    {
        view = default;
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
            view = new IfpView((T38Indicator)indicator, default, octets, 0, 0, version);
            return true;
        }
        if (!TryReadEnumerated(ref r, 9, 15, out var dataType, out error))
            return false;
        if (present == 0)
        {
            view = new IfpView(null, (T38DataType)dataType, octets, 0, 0, version);
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
        var fieldsBit = r.BitPosition;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadField(ref r, version, out _, out _, out error))
                return false;
        }
        view = new IfpView(null, (T38DataType)dataType, octets, fieldsBit, count, version);
        error = IfpError.None;
        return true;
    }

    // One element of the Data-Field SEQUENCE OF: [field-data present][field-type], then aligned 16-bit (length − 1) and the octets.
    internal static bool TryReadField(scoped ref PerBitReader r, int version, out T38FieldType type, out ReadOnlySpan<byte> data, out IfpError error)
    {
        type = default;
        data = default;
        if (!r.TryReadBits(1, out var hasData))
        {
            error = IfpError.Truncated;
            return false;
        }
        int value;
        if (version == 0)
        {
            if (!r.TryReadBits(3, out value))
            {
                error = IfpError.Truncated;
                return false;
            }
        }
        else if (!TryReadEnumerated(ref r, 8, 12, out value, out error))
            return false;
        type = (T38FieldType)value;
        if (hasData == 1)
        {
            if (!r.TryReadOctets(2, out var lengthOctets))
            {
                error = IfpError.Truncated;
                return false;
            }
            var length = ((lengthOctets[0] << 8) | lengthOctets[1]) + 1;
            if (!r.TryReadOctets(length, out data))
            {
                error = IfpError.Truncated;
                return false;
            }
        }
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
