using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>libspandsp 0.0.6 line echo canceller (echo.h), for benchmarks and comparisons.</summary>
public static unsafe partial class SpanDsp
{
    /// <summary>ECHO_CAN_USE_ADAPTION: the filter adapts (no NLP, comfort noise, clipping or high-pass filters).</summary>
    public const int EchoCanUseAdaption = 0x01;

    [DllImport(Library)] public static extern IntPtr echo_can_init(int len, int adaptionMode);
    [DllImport(Library)] public static extern short echo_can_update(IntPtr ec, short tx, short rx);
    [DllImport(Library)] public static extern int echo_can_free(IntPtr ec);
}
