namespace Gateway.Fax.T38;

/// <summary>
/// One field of a decoded IFP data packet, viewed in place: its type and its octets as a slice of the packet
/// (empty when the field carries no data). Valid as long as the buffer the packet was read from.
/// </summary>
public readonly ref struct IfpFieldView(T38FieldType type, ReadOnlySpan<byte> data)
{
    /// <summary>The field type.</summary>
    public T38FieldType Type { get; } = type;

    /// <summary>The field-data octets (empty for a field without data).</summary>
    public ReadOnlySpan<byte> Data { get; } = data;
}
