namespace Gateway.Fax.T38;

/// <summary>One element of an IFP data field: a field type and its optional octets (T.38 Annex A, Data-Field).</summary>
public readonly record struct IfpField(T38FieldType Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>A field without data.</summary>
    public IfpField(T38FieldType type) : this(type, ReadOnlyMemory<byte>.Empty) { }
}
