using System.Buffers;
using Gateway.Fax.Pages;

namespace Gateway.Fax.Coding;

/// <summary>
/// The rows a <see cref="T4Decoder"/> has produced, packed one after the other in a pooled buffer that
/// doubles as needed, so decoding allocates per page (the final <see cref="FaxPage"/>), not per row.
/// </summary>
internal sealed class T4DecodedRows(int width) : IDisposable
{
    private readonly int _stride = FaxPage.StrideFor(width);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FaxPage.StrideFor(width) * 1024);

    /// <summary>Rows so far.</summary>
    public int Count { get; private set; }

    /// <summary>The last row (only when <see cref="Count"/> &gt; 0).</summary>
    public ReadOnlySpan<byte> Last => _buffer.AsSpan((Count - 1) * _stride, _stride);

    /// <summary>Appends a row drawn from its changing elements.</summary>
    public void Add(ReadOnlySpan<int> changes, int count)
    {
        ChangingElements.ToRow(changes, count, width, Next());
        Count++;
    }

    /// <summary>Appends a copy of the last row (white if none): what a receiver shows for a bad row.</summary>
    public void RepeatLast()
    {
        Span<byte> row = Next();
        if (Count > 0)
        {
            Last.CopyTo(row);
        }
        else
        {
            row.Clear();
        }

        Count++;
    }

    /// <summary>The rows as a page.</summary>
    public FaxPage ToPage(FaxResolution resolution) =>
        new(width, Count, resolution, _buffer.AsSpan(0, Count * _stride).ToArray());

    /// <inheritdoc/>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Span<byte> Next()
    {
        int end = (Count + 1) * _stride;
        if (end > _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, Count * _stride).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(Count * _stride, _stride);
    }
}
