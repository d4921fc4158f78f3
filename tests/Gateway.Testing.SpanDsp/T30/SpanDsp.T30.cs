using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>libspandsp 0.0.6 T.30 API (spandsp/t30_api.h), used as the independent far end in interop tests.</summary>
public static unsafe partial class SpanDsp
{
    /// <summary>The shared object name; .NET probes libspandsp.so.</summary>
    public const string Library = "spandsp";

    /// <summary>T30_SUPPORT_V27TER | V29 | V17.</summary>
    public const int T30SupportAllModems = 0x01 | 0x02 | 0x04;
    /// <summary>T30_SUPPORT_T4_1D_COMPRESSION.</summary>
    public const int T30SupportT4_1D = 0x02;
    /// <summary>T30_SUPPORT_T4_2D_COMPRESSION.</summary>
    public const int T30SupportT4_2D = 0x04;
    /// <summary>T30_SUPPORT_T6_COMPRESSION.</summary>
    public const int T30SupportT6 = 0x08;
    /// <summary>SPAN_LOG_FLOW | SPAN_LOG_SHOW_TAG | SPAN_LOG_SHOW_PROTOCOL.</summary>
    public const int LogFlowWithTags = 5 | 0x2000 | 0x0800;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial void t30_set_tx_file(IntPtr s, string file, int startPage, int stopPage);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial void t30_set_rx_file(IntPtr s, string file, int stopPage);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int t30_set_tx_ident(IntPtr s, string id);
    [DllImport(Library)] public static extern IntPtr t30_get_rx_ident(IntPtr s);
    [DllImport(Library)] public static extern int t30_set_ecm_capability(IntPtr s, int enabled);
    [DllImport(Library)] public static extern int t30_set_supported_modems(IntPtr s, int modems);
    [DllImport(Library)] public static extern int t30_set_supported_compressions(IntPtr s, int compressions);
    [DllImport(Library)] public static extern void t30_set_phase_e_handler(IntPtr s, delegate* unmanaged<IntPtr, IntPtr, int, void> handler, IntPtr userData);
    [DllImport(Library)] public static extern void t30_get_transfer_statistics(IntPtr s, out T30Stats stats);
    [DllImport(Library)] public static extern IntPtr t30_completion_code_to_str(int result);
    [DllImport(Library)] public static extern IntPtr t30_get_logging_state(IntPtr s);
    [DllImport(Library)] public static extern int span_log_set_level(IntPtr logging, int level);
    [DllImport(Library)] public static extern void span_log_set_message_handler(IntPtr logging, delegate* unmanaged<int, byte*, void> handler);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int span_log_set_tag(IntPtr logging, string tag);

    /// <summary>The text for a T30_ERR_* code.</summary>
    public static string CompletionText(int code) => Marshal.PtrToStringUTF8(t30_completion_code_to_str(code)) ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>t30_stats_t of spandsp 0.0.6 (spandsp/t30.h).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct T30Stats
{
    public int BitRate;
    public int ErrorCorrectingMode;
    public int PagesTx;
    public int PagesRx;
    public int PagesInFile;
    public int XResolution;
    public int YResolution;
    public int Width;
    public int Length;
    public int ImageSize;
    public int Encoding;
    public int BadRows;
    public int LongestBadRowRun;
    public int ErrorCorrectingModeRetries;
    public int CurrentStatus;
}
