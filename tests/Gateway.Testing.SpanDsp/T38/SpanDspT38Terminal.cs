using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>
/// A libspandsp 0.0.6 T.38 terminal in process: IFP packets in and out, driven in 20 ms steps (160 samples)
/// so a whole fax runs in simulated time. Sends a TIFF (calling side) or receives into one.
/// </summary>
public sealed unsafe class SpanDspT38Terminal : IDisposable
{
    private readonly IntPtr _state;
    private readonly IntPtr _t30;
    private readonly IntPtr _core;
    private GCHandle _self;
    private readonly Queue<byte[]> _out = new();

    /// <param name="calling">True for the calling terminal.</param>
    /// <param name="version">T.38 version (0-3).</param>
    public SpanDspT38Terminal(bool calling, int version)
    {
        _self = GCHandle.Alloc(this);
        _state = SpanDsp.t38_terminal_init(IntPtr.Zero, calling ? 1 : 0, &OnTxPacket, GCHandle.ToIntPtr(_self));
        if (_state == IntPtr.Zero)
            throw new InvalidOperationException("t38_terminal_init failed.");
        _t30 = SpanDsp.t38_terminal_get_t30_state(_state);
        _core = SpanDsp.t38_terminal_get_t38_core_state(_state);
        SpanDsp.t38_set_t38_version(_core, version);
        SpanDsp.t30_set_phase_e_handler(_t30, &OnPhaseE, GCHandle.ToIntPtr(_self));
    }

    /// <summary>The t30_state_t pointer, for the t30_* calls.</summary>
    public IntPtr T30 => _t30;

    /// <summary>Set when phase E ran: the T30_ERR_* completion code.</summary>
    public int? CompletionCode { get; private set; }

    /// <summary>True once the terminal reported the end of the call.</summary>
    public bool Done { get; private set; }

    /// <summary>Number of IFP packets spandsp sent.</summary>
    public int PacketsSent { get; private set; }

    /// <summary>The far end's identity as spandsp saw it.</summary>
    public string? RemoteIdent => Marshal.PtrToStringUTF8(SpanDsp.t30_get_rx_ident(_t30));

    /// <summary>Transfer statistics (pages, rate, ECM, bad rows).</summary>
    public T30Stats Statistics
    {
        get
        {
            SpanDsp.t30_get_transfer_statistics(_t30, out var stats);
            return stats;
        }
    }

    /// <summary>Turns on spandsp's own protocol log (stderr) for debugging.</summary>
    public void EnableLogging(string tag)
    {
        foreach (var log in new[] { SpanDsp.t30_get_logging_state(_t30), SpanDsp.t38_core_get_logging_state(_core), SpanDsp.t38_terminal_get_logging_state(_state) })
        {
            SpanDsp.span_log_set_level(log, SpanDsp.LogFlowWithTags);
            SpanDsp.span_log_set_tag(log, tag);
            SpanDsp.span_log_set_message_handler(log, &OnLog);
        }
    }

    /// <summary>spandsp log lines collected on this thread since logging was enabled.</summary>
    public static List<string> Log => _log ??= [];

    [ThreadStatic]
    private static List<string>? _log;

    [UnmanagedCallersOnly]
    private static void OnLog(int level, byte* text) => Log.Add(Marshal.PtrToStringUTF8((IntPtr)text)?.TrimEnd() ?? "");

    /// <summary>Delivers one IFP packet from the far end.</summary>
    public void Receive(ReadOnlySpan<byte> ifp, int sequenceNumber)
    {
        fixed (byte* p = ifp)
            SpanDsp.t38_core_rx_ifp_packet(_core, p, ifp.Length, (ushort)sequenceNumber);
    }

    /// <summary>Advances spandsp by 20 ms (160 samples).</summary>
    public void Step()
    {
        if (SpanDsp.t38_terminal_send_timeout(_state, 160) != 0)
            Done = true;
    }

    /// <summary>Takes the next IFP spandsp wants to send (repeats already expanded).</summary>
    public bool TryGetPacket([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? ifp) => _out.TryDequeue(out ifp);

    [UnmanagedCallersOnly]
    private static int OnTxPacket(IntPtr core, IntPtr user, byte* buf, int len, int count)
    {
        var self = (SpanDspT38Terminal)GCHandle.FromIntPtr(user).Target!;
        var packet = new ReadOnlySpan<byte>(buf, len).ToArray();
        // count: how many times to send it (3 for indicators and end-of-data, 1 for data; t38_terminal.c).
        for (var i = 0; i < Math.Max(1, count); i++)
        {
            self._out.Enqueue(packet);
            self.PacketsSent++;
        }
        return 0;
    }

    [UnmanagedCallersOnly]
    private static void OnPhaseE(IntPtr t30, IntPtr user, int completionCode)
    {
        var self = (SpanDspT38Terminal)GCHandle.FromIntPtr(user).Target!;
        self.CompletionCode = completionCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SpanDsp.t38_terminal_free(_state);
        if (_self.IsAllocated)
            _self.Free();
    }
}
