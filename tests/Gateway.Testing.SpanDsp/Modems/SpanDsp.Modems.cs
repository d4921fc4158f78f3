using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>libspandsp 0.0.6 modem API (v17tx.h, v17rx.h, v29tx.h, v29rx.h, v27ter_tx.h, v27ter_rx.h, fsk.h, fax.h).</summary>
public static unsafe partial class SpanDsp
{
    /// <summary>FSK_V21CH2 in preset_fsk_specs.</summary>
    public const int FskV21Ch2 = 1;
    /// <summary>FSK_FRAME_MODE_SYNC.</summary>
    public const int FskFrameModeSync = 1;

    [DllImport(Library)] public static extern IntPtr v17_tx_init(IntPtr s, int bitRate, int tep, delegate* unmanaged<IntPtr, int> getBit, IntPtr userData);
    [DllImport(Library)] public static extern int v17_tx_restart(IntPtr s, int bitRate, int tep, int shortTrain);
    [DllImport(Library)] public static extern void v17_tx_power(IntPtr s, float power);
    [DllImport(Library)] public static extern int v17_tx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int v17_tx_free(IntPtr s);
    [DllImport(Library)] public static extern IntPtr v17_rx_init(IntPtr s, int bitRate, delegate* unmanaged<IntPtr, int, void> putBit, IntPtr userData);
    [DllImport(Library)] public static extern int v17_rx_restart(IntPtr s, int bitRate, int shortTrain);
    [DllImport(Library)] public static extern int v17_rx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int v17_rx_free(IntPtr s);

    [DllImport(Library)] public static extern IntPtr v29_tx_init(IntPtr s, int bitRate, int tep, delegate* unmanaged<IntPtr, int> getBit, IntPtr userData);
    [DllImport(Library)] public static extern int v29_tx_restart(IntPtr s, int bitRate, int tep);
    [DllImport(Library)] public static extern void v29_tx_power(IntPtr s, float power);
    [DllImport(Library)] public static extern int v29_tx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int v29_tx_free(IntPtr s);
    [DllImport(Library)] public static extern IntPtr v29_rx_init(IntPtr s, int bitRate, delegate* unmanaged<IntPtr, int, void> putBit, IntPtr userData);
    [DllImport(Library)] public static extern int v29_rx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int v29_rx_free(IntPtr s);

    [DllImport(Library)] public static extern IntPtr v27ter_tx_init(IntPtr s, int bitRate, int tep, delegate* unmanaged<IntPtr, int> getBit, IntPtr userData);
    [DllImport(Library)] public static extern int v27ter_tx_restart(IntPtr s, int bitRate, int tep);
    [DllImport(Library)] public static extern void v27ter_tx_power(IntPtr s, float power);
    [DllImport(Library)] public static extern int v27ter_tx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int v27ter_tx_free(IntPtr s);
    [DllImport(Library)] public static extern IntPtr v27ter_rx_init(IntPtr s, int bitRate, delegate* unmanaged<IntPtr, int, void> putBit, IntPtr userData);
    [DllImport(Library)] public static extern int v27ter_rx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int v27ter_rx_free(IntPtr s);

    [DllImport(Library)] public static extern IntPtr fsk_tx_init(IntPtr s, IntPtr spec, delegate* unmanaged<IntPtr, int> getBit, IntPtr userData);
    [DllImport(Library)] public static extern void fsk_tx_power(IntPtr s, float power);
    [DllImport(Library)] public static extern int fsk_tx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int fsk_tx_free(IntPtr s);
    [DllImport(Library)] public static extern IntPtr fsk_rx_init(IntPtr s, IntPtr spec, int framingMode, delegate* unmanaged<IntPtr, int, void> putBit, IntPtr userData);
    [DllImport(Library)] public static extern int fsk_rx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int fsk_rx_free(IntPtr s);

    [DllImport(Library)] public static extern IntPtr fax_init(IntPtr s, int callingParty);
    [DllImport(Library)] public static extern int fax_rx(IntPtr s, short* amp, int len);
    [DllImport(Library)] public static extern int fax_tx(IntPtr s, short* amp, int maxLen);
    [DllImport(Library)] public static extern void fax_set_transmit_on_idle(IntPtr s, int transmitOnIdle);
    [DllImport(Library)] public static extern void fax_set_tep_mode(IntPtr s, int useTep);
    [DllImport(Library)] public static extern IntPtr fax_get_t30_state(IntPtr s);
    [DllImport(Library)] public static extern IntPtr fax_get_logging_state(IntPtr s);
    [DllImport(Library)] public static extern int fax_free(IntPtr s);

    /// <summary>&amp;preset_fsk_specs[<paramref name="index"/>] (an exported data array of fsk_spec_t: name, 5 ints, 32 bytes on LP64).</summary>
    public static IntPtr PresetFskSpec(int index)
    {
        var lib = NativeLibrary.Load(Library, typeof(SpanDsp).Assembly, null);
        var table = NativeLibrary.GetExport(lib, "preset_fsk_specs");
        return table + index * (IntPtr.Size + 5 * sizeof(int) + 4);
    }
}
