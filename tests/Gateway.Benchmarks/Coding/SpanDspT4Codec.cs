using System.Runtime.InteropServices;
using Gateway.Fax.Pages;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Coding;

/// <summary>
/// The row handlers the codec benchmarks give libspandsp 0.0.6's t4_tx/t4_rx (whose entry points are
/// <see cref="SpanDspT4Oracle"/>'s, declared once in Gateway.Testing.SpanDsp): the encoder pulls rows from a
/// <see cref="FaxPage"/> in memory through t4_tx_set_row_read_handler (so libtiff's decompression of the
/// chart is not timed), and the decoder's rows are counted. spandsp's rows are packed like FaxPage (leftmost
/// pel in the most significant bit, 1 = black).
/// </summary>
internal static unsafe class SpanDspT4Codec
{
    /// <summary>The page the row handler reads from, and the next row.</summary>
    private static FaxPage? s_page;
    private static int s_row;

    /// <summary>Makes <paramref name="page"/> the source of <see cref="ReadRow"/>, from its first row.</summary>
    public static void Feed(FaxPage page)
    {
        s_page = page;
        s_row = 0;
    }

    /// <summary>t4_row_read_handler_t: copies the next row; 0 at the end of the page.</summary>
    [UnmanagedCallersOnly]
    public static int ReadRow(IntPtr user, byte* buf, nuint len)
    {
        FaxPage page = s_page!;
        if (s_row >= page.Height)
        {
            return 0;
        }

        ReadOnlySpan<byte> row = page.GetRow(s_row++);
        row.CopyTo(new Span<byte>(buf, (int)len));
        return (int)len;
    }

    /// <summary>t4_row_write_handler_t: counts rows (spandsp keeps its own copy for the TIFF).</summary>
    [UnmanagedCallersOnly]
    public static int WriteRow(IntPtr user, byte* buf, nuint len)
    {
        s_row++;
        return 0;
    }

    /// <summary>Rows seen by <see cref="WriteRow"/>.</summary>
    public static int RowsWritten => s_row;

    public static void ResetRows() => s_row = 0;
}
