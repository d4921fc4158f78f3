using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>
/// A libspandsp 0.0.6 audio fax terminal (fax_init: V.21/V.27 ter/V.29/V.17 modems plus T.30) in process:
/// 8 kHz linear samples in and out, driven in 160-sample steps.
/// </summary>
public sealed unsafe class SpanDspAudioFax : IDisposable
{
    private readonly IntPtr _state;
    private GCHandle _self;

    /// <param name="calling">True for the calling terminal.</param>
    public SpanDspAudioFax(bool calling)
    {
        _self = GCHandle.Alloc(this);
        _state = SpanDsp.fax_init(IntPtr.Zero, calling ? 1 : 0);
        if (_state == IntPtr.Zero)
            throw new InvalidOperationException("fax_init failed.");
        SpanDsp.fax_set_transmit_on_idle(_state, 1);
        T30 = SpanDsp.fax_get_t30_state(_state);
        SpanDsp.t30_set_phase_e_handler(T30, &OnPhaseE, GCHandle.ToIntPtr(_self));
    }

    /// <summary>The t30_state_t pointer, for the t30_* calls.</summary>
    public IntPtr T30 { get; }

    /// <summary>Set when phase E ran: the T30_ERR_* completion code.</summary>
    public int? CompletionCode { get; private set; }

    /// <summary>Transfer statistics.</summary>
    public T30Stats Statistics
    {
        get
        {
            SpanDsp.t30_get_transfer_statistics(T30, out var stats);
            return stats;
        }
    }

    /// <summary>The far end's identity as spandsp saw it.</summary>
    public string? RemoteIdent => Marshal.PtrToStringUTF8(SpanDsp.t30_get_rx_ident(T30));

    /// <summary>Feeds received samples.</summary>
    public void Receive(ReadOnlySpan<short> samples)
    {
        fixed (short* p = samples)
            SpanDsp.fax_rx(_state, p, samples.Length);
    }

    /// <summary>Fills <paramref name="samples"/> with what spandsp sends (silence-padded).</summary>
    public void Transmit(Span<short> samples)
    {
        int n;
        fixed (short* p = samples)
            n = SpanDsp.fax_tx(_state, p, samples.Length);
        samples[Math.Max(0, n)..].Clear();
    }

    /// <summary>Turns on spandsp's protocol log, collected in <see cref="SpanDspT38Terminal.Log"/>'s style.</summary>
    public void EnableLogging(string tag)
    {
        foreach (var log in new[] { SpanDsp.t30_get_logging_state(T30), SpanDsp.fax_get_logging_state(_state) })
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

    [UnmanagedCallersOnly]
    private static void OnPhaseE(IntPtr t30, IntPtr user, int completionCode)
    {
        var self = (SpanDspAudioFax)GCHandle.FromIntPtr(user).Target!;
        self.CompletionCode = completionCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SpanDsp.fax_free(_state);
        if (_self.IsAllocated)
            _self.Free();
    }
}
