namespace Gateway.Fax.T38;

/// <summary>
/// A decoded IFP packet viewed in place (see <see cref="IfpCodec.TryRead"/>): nothing is copied, the fields
/// are read from the packet's octets as they are enumerated. The packet has been checked whole before the
/// view is handed out, so enumerating never fails. Valid as long as the buffer it was read from.
/// </summary>
public readonly ref struct IfpView
{
    private readonly ReadOnlySpan<byte> _octets;
    private readonly int _fieldsBit;
    private readonly int _version;

    internal IfpView(T38Indicator? indicator, T38DataType dataType, ReadOnlySpan<byte> octets, int fieldsBit, int fieldCount, int version)
    {
        Indicator = indicator;
        DataType = dataType;
        _octets = octets;
        _fieldsBit = fieldsBit;
        FieldCount = fieldCount;
        _version = version;
    }

    /// <summary>The indicator, when this is an indicator packet.</summary>
    public T38Indicator? Indicator { get; }

    /// <summary>True for an indicator packet.</summary>
    public bool IsIndicator => Indicator is not null;

    /// <summary>The data type (modulation), for a data packet.</summary>
    public T38DataType DataType { get; }

    /// <summary>How many fields the data packet has (0 for indicators).</summary>
    public int FieldCount { get; }

    /// <summary>Enumerates the fields in packet order.</summary>
    public Enumerator GetEnumerator() => new(_octets, _fieldsBit, FieldCount, _version);

    /// <summary>Reads the fields one after the other from the packet's octets.</summary>
    public ref struct Enumerator
    {
        private PerBitReader _reader;
        private readonly int _version;
        private int _remaining;
        private T38FieldType _type;
        private ReadOnlySpan<byte> _data;

        internal Enumerator(ReadOnlySpan<byte> octets, int fieldsBit, int count, int version)
        {
            _reader = new PerBitReader(octets, fieldsBit);
            _remaining = count;
            _version = version;
        }

        /// <summary>The field the enumerator is on.</summary>
        public readonly IfpFieldView Current => new(_type, _data);

        /// <summary>Moves to the next field.</summary>
        public bool MoveNext()
        {
            if (_remaining == 0)
                return false;
            _remaining--;
            // The packet was checked by IfpCodec.TryRead: these reads cannot fail.
            IfpCodec.TryReadField(ref _reader, _version, out _type, out _data, out _);
            return true;
        }
    }
}
