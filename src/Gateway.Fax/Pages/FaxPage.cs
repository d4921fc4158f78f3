namespace Gateway.Fax.Pages;

/// <summary>
/// One bi-level fax page: rows of <see cref="Width"/> pels, packed eight to an octet with the leftmost pel
/// in the most significant bit and 1 meaning black (the PBM convention; T.4 codes runs, not bits, so the
/// packing is ours to choose). Rows are padded to whole octets. Immutable once built.
/// </summary>
public sealed class FaxPage
{
    private readonly byte[] bits;

    /// <summary>Wraps packed rows; <paramref name="bits"/> must hold <paramref name="height"/> rows of <see cref="StrideFor"/> octets.</summary>
    public FaxPage(int width, int height, FaxResolution resolution, byte[] bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentNullException.ThrowIfNull(bits);
        int stride = StrideFor(width);
        if (bits.Length != checked(stride * height))
        {
            throw new ArgumentException($"a {width}×{height} page needs {stride * height} octets, got {bits.Length}", nameof(bits));
        }

        Width = width;
        Height = height;
        Resolution = resolution;
        Stride = stride;
        this.bits = bits;
    }

    /// <summary>Pels per row.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>The resolution the rows were scanned or rendered at.</summary>
    public FaxResolution Resolution { get; }

    /// <summary>Octets per packed row.</summary>
    public int Stride { get; }

    /// <summary>All rows, packed, top to bottom.</summary>
    public ReadOnlySpan<byte> Bits => bits;

    /// <summary>Octets per row for a width: whole octets, the last one padded with white (0) pels.</summary>
    public static int StrideFor(int width) => (width + 7) >> 3;

    /// <summary>A blank (all white) page.</summary>
    public static FaxPage Blank(int width, int height, FaxResolution resolution) =>
        new(width, height, resolution, new byte[checked(StrideFor(width) * height)]);

    /// <summary>The packed pels of row <paramref name="y"/>.</summary>
    public ReadOnlySpan<byte> GetRow(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return bits.AsSpan(y * Stride, Stride);
    }

    /// <summary>True when the pel at (<paramref name="x"/>, <paramref name="y"/>) is black.</summary>
    public bool IsBlack(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        return (GetRow(y)[x >> 3] & (0x80 >> (x & 7))) != 0;
    }

    /// <summary>Number of rows that differ from <paramref name="other"/> (pages of different sizes differ in every row of the larger).</summary>
    public int CountDifferingRows(FaxPage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Width != Width)
        {
            return Math.Max(Height, other.Height);
        }

        int common = Math.Min(Height, other.Height);
        int differing = Math.Abs(Height - other.Height);
        for (int y = 0; y < common; y++)
        {
            if (!GetRow(y).SequenceEqual(other.GetRow(y)))
            {
                differing++;
            }
        }

        return differing;
    }
}
