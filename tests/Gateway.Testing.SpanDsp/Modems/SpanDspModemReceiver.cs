using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>
/// One of libspandsp's own receivers (v17_rx, v29_rx, v27ter_rx, fsk_rx) fed with samples; it collects the
/// bits it demodulates and the status changes it reports (carrier up/down, training succeeded/failed).
/// </summary>
public sealed unsafe class SpanDspModemReceiver : IDisposable
{
    private readonly IntPtr _state;
    private readonly SpanDspModemKind _kind;
    private GCHandle _self;

    /// <param name="kind">The modem.</param>
    /// <param name="bitRate">Its bit rate (ignored for V.21).</param>
    /// <param name="shortTraining">V.17 only: expect the short training sequence.</param>
    public SpanDspModemReceiver(SpanDspModemKind kind, int bitRate, bool shortTraining = false)
    {
        _kind = kind;
        _self = GCHandle.Alloc(this);
        var me = GCHandle.ToIntPtr(_self);
        _state = kind switch
        {
            SpanDspModemKind.V17 => SpanDsp.v17_rx_init(IntPtr.Zero, bitRate, &OnBit, me),
            SpanDspModemKind.V29 => SpanDsp.v29_rx_init(IntPtr.Zero, bitRate, &OnBit, me),
            SpanDspModemKind.V27ter => SpanDsp.v27ter_rx_init(IntPtr.Zero, bitRate, &OnBit, me),
            _ => SpanDsp.fsk_rx_init(IntPtr.Zero, SpanDsp.PresetFskSpec(SpanDsp.FskV21Ch2), SpanDsp.FskFrameModeSync, &OnBit, me),
        };
        if (_state == IntPtr.Zero)
            throw new InvalidOperationException($"spandsp {kind} receiver init failed.");
        if (kind == SpanDspModemKind.V17 && shortTraining)
            SpanDsp.v17_rx_restart(_state, bitRate, 1);
    }

    /// <summary>Every data bit the receiver put out, in order.</summary>
    public List<byte> Bits { get; } = [];

    /// <summary>Every status the receiver reported (SIG_STATUS_* values, negative).</summary>
    public List<int> Statuses { get; } = [];

    /// <summary>True when training succeeded (SIG_STATUS_TRAINING_SUCCEEDED was reported).</summary>
    public bool Trained => Statuses.Contains(-4);

    /// <summary>V.17 only: restart expecting the long or short training at <paramref name="bitRate"/>.</summary>
    public void RestartV17(int bitRate, bool shortTraining)
    {
        if (_kind != SpanDspModemKind.V17)
            throw new InvalidOperationException("Only the V.17 receiver has a short training mode.");
        SpanDsp.v17_rx_restart(_state, bitRate, shortTraining ? 1 : 0);
    }

    /// <summary>Feeds samples.</summary>
    public void Receive(ReadOnlySpan<short> samples)
    {
        fixed (short* p = samples)
        {
            _ = _kind switch
            {
                SpanDspModemKind.V17 => SpanDsp.v17_rx(_state, p, samples.Length),
                SpanDspModemKind.V29 => SpanDsp.v29_rx(_state, p, samples.Length),
                SpanDspModemKind.V27ter => SpanDsp.v27ter_rx(_state, p, samples.Length),
                _ => SpanDsp.fsk_rx(_state, p, samples.Length),
            };
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ = _kind switch
        {
            SpanDspModemKind.V17 => SpanDsp.v17_rx_free(_state),
            SpanDspModemKind.V29 => SpanDsp.v29_rx_free(_state),
            SpanDspModemKind.V27ter => SpanDsp.v27ter_rx_free(_state),
            _ => SpanDsp.fsk_rx_free(_state),
        };
        if (_self.IsAllocated)
            _self.Free();
    }

    [UnmanagedCallersOnly]
    private static void OnBit(IntPtr user, int bit)
    {
        var me = (SpanDspModemReceiver)GCHandle.FromIntPtr(user).Target!;
        if (bit < 0)
            me.Statuses.Add(bit);
        else
            me.Bits.Add((byte)(bit & 1));
    }
}
