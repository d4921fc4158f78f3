using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>
/// spandsp 0.0.6 t4_tx/t4_rx used only as an oracle by the T.30/T.38 interop tests: to code a TIFF page
/// the way spandsp would send it, and to decode received page data into a TIFF. Kept apart from the T.4
/// The raw t4_tx/t4_rx entry points are public as well: the T.4 codec benchmarks drive them directly
/// (rows from memory through the row handlers), so the solution declares each P/Invoke once.
/// </summary>
public static unsafe partial class SpanDspT4Oracle
{
    /// <summary>T4_COMPRESSION_ITU_T4_1D, T4_2D, T6.</summary>
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

    /// <summary>Codes page <paramref name="page"/> (0-based) of a TIFF as spandsp's transmitter would (first bit least significant).</summary>
    public static byte[] Encode(string tiff, int page, int encoding, int minBitsPerRow)
    {
        var s = t4_tx_init(IntPtr.Zero, tiff, page, page);
        if (s == IntPtr.Zero)
            throw new InvalidOperationException($"spandsp cannot open {tiff}.");
        try
        {
            t4_tx_set_tx_encoding(s, encoding);
            t4_tx_set_min_bits_per_row(s, minBitsPerRow);
            if (t4_tx_start_page(s) != 0)
                throw new InvalidOperationException($"spandsp cannot start page {page} of {tiff}.");
            var result = new List<byte>();
            var buffer = new byte[4096];
            fixed (byte* p = buffer)
            {
                int n;
                while ((n = t4_tx_get_chunk(s, p, buffer.Length)) > 0)
                    result.AddRange(buffer.AsSpan(0, n));
            }
            t4_tx_end_page(s);
            return result.ToArray();
        }
        finally
        {
            t4_tx_free(s);
        }
    }

    /// <summary>Decodes T.4/T.6 page data (first bit least significant) into a one-page TIFF; returns spandsp's end-of-page status.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int encoding, int width, bool fine, string tiff)
    {
        var s = t4_rx_init(IntPtr.Zero, tiff, T6);
        if (s == IntPtr.Zero)
            throw new InvalidOperationException($"spandsp cannot create {tiff}.");
        try
        {
            t4_rx_set_rx_encoding(s, encoding);
            t4_rx_set_image_width(s, width);
            t4_rx_set_x_resolution(s, 8031);
            t4_rx_set_y_resolution(s, fine ? 7700 : 3850);
            t4_rx_start_page(s);
            fixed (byte* p = data)
                t4_rx_put_chunk(s, p, data.Length);
            return t4_rx_end_page(s);
        }
        finally
        {
            t4_rx_free(s);
        }
    }
}
