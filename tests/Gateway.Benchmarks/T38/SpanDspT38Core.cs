using System.Runtime.InteropServices;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.T38;

/// <summary>
/// libspandsp 0.0.6 T.38 core on its own (spandsp/t38_core.h): IFP encoding behind t38_core_send_*, decoding
/// behind t38_core_rx_ifp_packet, with handlers that only count. spandsp has no UDPTL layer of its own.
/// </summary>
internal static unsafe class SpanDspT38Core
{
    [DllImport(SpanDsp.Library)]
    public static extern IntPtr t38_core_init(IntPtr s,
        delegate* unmanaged<IntPtr, IntPtr, int, int> rxIndicator,
        delegate* unmanaged<IntPtr, IntPtr, int, int, byte*, int, int> rxData,
        delegate* unmanaged<IntPtr, IntPtr, int, int, int> rxMissing,
        IntPtr rxUserData,
        delegate* unmanaged<IntPtr, IntPtr, byte*, int, int, int> txPacket,
        IntPtr txUserData);

    [DllImport(SpanDsp.Library)] public static extern int t38_core_free(IntPtr s);
    [DllImport(SpanDsp.Library)] public static extern int t38_core_send_indicator(IntPtr s, int indicator);
    [DllImport(SpanDsp.Library)] public static extern int t38_core_send_data(IntPtr s, int dataType, int fieldType, byte* field, int fieldLength, int category);
    [DllImport(SpanDsp.Library)] public static extern int t38_core_rx_ifp_packet(IntPtr s, byte* buf, int len, ushort seqNo);

    /// <summary>Octets handed to the tx handler and fields seen by the rx handlers (so no work is optimised away).</summary>
    public static long Octets;

    [UnmanagedCallersOnly]
    public static int OnTx(IntPtr s, IntPtr user, byte* buf, int len, int count)
    {
        Octets += len;
        return 0;
    }

    [UnmanagedCallersOnly]
    public static int OnIndicator(IntPtr s, IntPtr user, int indicator)
    {
        Octets += indicator;
        return 0;
    }

    [UnmanagedCallersOnly]
    public static int OnData(IntPtr s, IntPtr user, int dataType, int fieldType, byte* buf, int len)
    {
        Octets += len;
        return 0;
    }

    [UnmanagedCallersOnly]
    public static int OnMissing(IntPtr s, IntPtr user, int rxSeq, int expectedSeq) => 0;
}
