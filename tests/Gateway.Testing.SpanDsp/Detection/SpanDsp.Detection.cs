using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>libspandsp 0.0.6 tone detectors (dtmf.h, modem_connect_tones.h), for benchmarks and comparisons.</summary>
public static unsafe partial class SpanDsp
{
    /// <summary>MODEM_CONNECT_TONES_ANS (= FAX_CED): a continuous 2100 Hz tone.</summary>
    public const int ModemConnectTonesAns = 2;

    /// <summary>MODEM_CONNECT_TONES_FAX_CED_OR_PREAMBLE: CED or V.21 HDLC flags.</summary>
    public const int ModemConnectTonesFaxCedOrPreamble = 7;

    [DllImport(Library)] public static extern IntPtr dtmf_rx_init(IntPtr s, IntPtr callback, IntPtr userData);
    [DllImport(Library)] public static extern int dtmf_rx(IntPtr s, short* amp, int samples);
    [DllImport(Library)] public static extern int dtmf_rx_free(IntPtr s);
    [DllImport(Library)] public static extern IntPtr modem_connect_tones_rx_init(IntPtr s, int toneType, IntPtr callback, IntPtr userData);
    [DllImport(Library)] public static extern int modem_connect_tones_rx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int modem_connect_tones_rx_get(IntPtr s);
    [DllImport(Library)] public static extern int modem_connect_tones_rx_free(IntPtr s);
}
