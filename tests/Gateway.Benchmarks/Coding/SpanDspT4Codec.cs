using System.Runtime.InteropServices;
using Gateway.Fax.Pages;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Coding;

/// <summary>
/// libspandsp 0.0.6 t4_tx/t4_rx driven the way the codec benchmarks need: the encoder pulls rows from a
/// <see cref="FaxPage"/> in memory through t4_tx_set_row_read_handler (so libtiff's decompression of the
/// chart is not timed), and the decoder is fed a whole coded page with t4_rx_put_chunk. spandsp's rows are
/// packed like FaxPage (leftmost pel in the most significant bit, 1 = black).
/// </summary>
internal static unsafe partial class SpanDspT4Codec
{
    public const int T4_1D = 1, T4_2D = 2, T6 = 3;

    [LibraryImport(SpanDsp.Library, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr t4_tx_init(IntPtr s, string file, int startPage, int stopPage);
    [DllImport(SpanDsp.Library)] public static extern void t4_tx_set_tx_encoding(IntPtr s, int encoding);
    [DllImport(SpanDsp.Library)] public static extern void t4_tx_set_min_bits_per_row(IntPtr s, int bits);
    [DllImport(SpanDsp.Library)] public static extern int t4_tx_set_row_read_handler(IntPtr s, delegate* unmanaged<IntPtr, byte*, nuint, int> handler, IntPtr userData);
    [DllImport(SpanDsp.Library)] public static extern int t4_tx_start_page(IntPtr s);
    [DllImport(SpanDsp.Library)] public static extern int t4_tx_get_chunk(IntPtr s, byte* buf, int maxLen);
    [DllImport(SpanDsp.Library)] public static extern int t4_tx_end_page(IntPtr s);
    [DllImport(SpanDsp.Library)] public static extern int t4_tx_free(IntPtr s);
    [LibraryImport(SpanDsp.Library, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr t4_rx_init(IntPtr s, string file, int outputEncoding);
    [DllImport(SpanDsp.Library)] public static extern void t4_rx_set_rx_encoding(IntPtr s, int encoding);
    [DllImport(SpanDsp.Library)] public static extern void t4_rx_set_image_width(IntPtr s, int width);
    [DllImport(SpanDsp.Library)] public static extern void t4_rx_set_y_resolution(IntPtr s, int resolution);
    [DllImport(SpanDsp.Library)] public static extern void t4_rx_set_x_resolution(IntPtr s, int resolution);
    [DllImport(SpanDsp.Library)] public static extern int t4_rx_set_row_write_handler(IntPtr s, delegate* unmanaged<IntPtr, byte*, nuint, int> handler, IntPtr userData);
    [DllImport(SpanDsp.Library)] public static extern int t4_rx_start_page(IntPtr s);
    [DllImport(SpanDsp.Library)] public static extern int t4_rx_put_chunk(IntPtr s, byte* buf, int len);
    [DllImport(SpanDsp.Library)] public static extern int t4_rx_end_page(IntPtr s);
    [DllImport(SpanDsp.Library)] public static extern int t4_rx_free(IntPtr s);

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
