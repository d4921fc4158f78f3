namespace Gateway.Fax.T38;

/// <summary>
/// A decoded UDPTL datagram viewed in place (see <see cref="UdptlCodec.TryRead"/>): the primary IFP and the
/// secondary IFPs or FEC parity entries are slices of the datagram, nothing is copied. The datagram has been
/// checked whole before the view is handed out, so enumerating <see cref="Entries"/> never fails.
/// </summary>
public readonly ref struct UdptlView
{
    private readonly ReadOnlySpan<byte> _entries;

    internal UdptlView(int sequenceNumber, ReadOnlySpan<byte> primary, bool isFec, int fecSpan, int entryCount, ReadOnlySpan<byte> entries)
    {
        SequenceNumber = sequenceNumber;
        Primary = primary;
        IsFec = isFec;
        FecSpan = fecSpan;
        EntryCount = entryCount;
        _entries = entries;
    }

    /// <summary>The datagram's sequence number (16 bits).</summary>
    public int SequenceNumber { get; }

    /// <summary>The primary IFP.</summary>
    public ReadOnlySpan<byte> Primary { get; }

    /// <summary>True when the entries are FEC parity rather than secondary IFPs.</summary>
    public bool IsFec { get; }

    /// <summary>FEC span: how many packets each parity entry covers.</summary>
    public int FecSpan { get; }

    /// <summary>Secondary IFPs (newest, sequence − 1, first) or FEC parity entries.</summary>
    public int EntryCount { get; }

    /// <summary>The secondary IFPs or the parity entries, in datagram order.</summary>
    public EntryEnumerator Entries => new(_entries, EntryCount);

    /// <summary>Reads the open types of the error-recovery part one after the other.</summary>
    public ref struct EntryEnumerator
    {
        private readonly ReadOnlySpan<byte> _octets;
        private int _position;
        private int _remaining;
        private ReadOnlySpan<byte> _current;

        internal EntryEnumerator(ReadOnlySpan<byte> octets, int count)
        {
            _octets = octets;
            _remaining = count;
        }

        /// <summary>The entry the enumerator is on (empty for an empty open type).</summary>
        public readonly ReadOnlySpan<byte> Current => _current;

        /// <summary>For <c>foreach</c>.</summary>
        public readonly EntryEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext()
        {
            if (_remaining == 0)
                return false;
            _remaining--;
            // Checked by UdptlCodec.TryRead: this read cannot fail.
            UdptlCodec.TryReadOpenType(_octets, ref _position, out _current, out _);
            return true;
        }
    }
}
