namespace Gateway.Fax.T38;

/// <summary>
/// Encoded IFP packets waiting to be taken, back to back in one buffer that is reused (it grows to the
/// largest backlog seen and is compacted when it runs out of room), so queueing allocates nothing per packet.
/// </summary>
internal sealed class IfpQueue
{
    private readonly Queue<int> _lengths = new(32);
    private byte[] _data = new byte[1024];
    private int _head;
    private int _tail;

    public int Count => _lengths.Count;

    /// <summary>Room for one packet of at most <paramref name="max"/> octets; <see cref="Commit"/> says how many were written.</summary>
    public Span<byte> Reserve(int max)
    {
        if (_lengths.Count == 0)
            _head = _tail = 0;
        if (_tail + max > _data.Length)
        {
            var used = _tail - _head;
            if (used + max > _data.Length)
            {
                var bigger = new byte[Math.Max(_data.Length * 2, used + max)];
                _data.AsSpan(_head, used).CopyTo(bigger);
                _data = bigger;
            }
            else
            {
                _data.AsSpan(_head, used).CopyTo(_data);
            }
            _head = 0;
            _tail = used;
        }
        return _data.AsSpan(_tail, max);
    }

    public void Commit(int length)
    {
        _tail += length;
        _lengths.Enqueue(length);
    }

    /// <summary>The oldest packet, valid until the next <see cref="Reserve"/>.</summary>
    public bool TryDequeue(out ReadOnlySpan<byte> packet)
    {
        if (!_lengths.TryDequeue(out var length))
        {
            packet = default;
            return false;
        }
        packet = _data.AsSpan(_head, length);
        _head += length;
        return true;
    }

    public void Clear()
    {
        _lengths.Clear();
        _head = _tail = 0;
    }
}
