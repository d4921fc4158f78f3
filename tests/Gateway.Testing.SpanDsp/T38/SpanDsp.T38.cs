using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>libspandsp 0.0.6 T.38 terminal and core API (spandsp/t38_terminal.h, t38_core.h).</summary>
public static unsafe partial class SpanDsp
{
    /// <summary>T38_TERMINAL_OPTION_NO_PACING.</summary>
    public const int T38TerminalOptionNoPacing = 0x01;

    [DllImport(Library)] public static extern IntPtr t38_terminal_init(IntPtr s, int callingParty, delegate* unmanaged<IntPtr, IntPtr, byte*, int, int, int> txPacketHandler, IntPtr userData);
    [DllImport(Library)] public static extern int t38_terminal_send_timeout(IntPtr s, int samples);
    [DllImport(Library)] public static extern void t38_terminal_set_config(IntPtr s, int config);
    [DllImport(Library)] public static extern void t38_terminal_set_tep_mode(IntPtr s, int useTep);
    [DllImport(Library)] public static extern IntPtr t38_terminal_get_t30_state(IntPtr s);
    [DllImport(Library)] public static extern IntPtr t38_terminal_get_t38_core_state(IntPtr s);
    [DllImport(Library)] public static extern IntPtr t38_terminal_get_logging_state(IntPtr s);
    [DllImport(Library)] public static extern int t38_terminal_free(IntPtr s);
    [DllImport(Library)] public static extern int t38_core_rx_ifp_packet(IntPtr s, byte* buf, int len, ushort seqNo);
    [DllImport(Library)] public static extern void t38_set_t38_version(IntPtr s, int version);
    [DllImport(Library)] public static extern void t38_set_max_datagram_size(IntPtr s, int size);
    [DllImport(Library)] public static extern IntPtr t38_core_get_logging_state(IntPtr s);
}
