using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Testing.SpanDsp;

/// <summary>
/// One of libspandsp's own transmitters (v17_tx, v29_tx, v27ter_tx, fsk_tx) sending a fixed bit sequence
/// (one bit per element); used as the far end for our receiver and as the benchmark baseline.
/// </summary>
public sealed unsafe class SpanDspModemTransmitter : IDisposable
{
    private readonly IntPtr _state;
    private readonly SpanDspModemKind _kind;
    private readonly int _bitRate;
    private GCHandle _self;
    private byte[] _bits;
    private int _next;

    /// <param name="kind">The modem.</param>
    /// <param name="bitRate">Its bit rate (ignored for V.21).</param>
    /// <param name="bits">Data bits to send after training; then the modem turns off.</param>
    public SpanDspModemTransmitter(SpanDspModemKind kind, int bitRate, byte[] bits)
    {
        _kind = kind;
        _bitRate = bitRate;
        _bits = bits;
        _self = GCHandle.Alloc(this);
        var me = GCHandle.ToIntPtr(_self);
        _state = kind switch
        {
            SpanDspModemKind.V17 => SpanDsp.v17_tx_init(IntPtr.Zero, bitRate, 0, &GetBit, me),
            SpanDspModemKind.V29 => SpanDsp.v29_tx_init(IntPtr.Zero, bitRate, 0, &GetBit, me),
            SpanDspModemKind.V27ter => SpanDsp.v27ter_tx_init(IntPtr.Zero, bitRate, 0, &GetBit, me),
            _ => SpanDsp.fsk_tx_init(IntPtr.Zero, SpanDsp.PresetFskSpec(SpanDsp.FskV21Ch2), &GetBit, me),
        };
        if (_state == IntPtr.Zero)
            throw new InvalidOperationException($"spandsp {kind} transmitter init failed.");
        SetPower(kind == SpanDspModemKind.V21 ? -14 : -10);
    }

    /// <summary>Sets the transmit level in dBm0.</summary>
    public void SetPower(float dbm0)
    {
        switch (_kind)
        {
            case SpanDspModemKind.V17: SpanDsp.v17_tx_power(_state, dbm0); break;
            case SpanDspModemKind.V29: SpanDsp.v29_tx_power(_state, dbm0); break;
            case SpanDspModemKind.V27ter: SpanDsp.v27ter_tx_power(_state, dbm0); break;
            default: SpanDsp.fsk_tx_power(_state, dbm0); break;
        }
    }

    /// <summary>Starts again (training first) with <paramref name="bits"/> (not for V.21).</summary>
    /// <param name="bits">Data bits to send after training.</param>
    /// <param name="shortTraining">V.17 only: the short training sequence.</param>
    public void Restart(byte[] bits, bool shortTraining = false)
    {
        _bits = bits;
        _next = 0;
        _ = _kind switch
        {
            SpanDspModemKind.V17 => SpanDsp.v17_tx_restart(_state, _bitRate, 0, shortTraining ? 1 : 0),
            SpanDspModemKind.V29 => SpanDsp.v29_tx_restart(_state, _bitRate, 0),
            SpanDspModemKind.V27ter => SpanDsp.v27ter_tx_restart(_state, _bitRate, 0),
            _ => throw new NotSupportedException("Create a new V.21 transmitter instead."),
        };
    }

    /// <summary>Produces up to <paramref name="samples"/>.Length samples; returns how many (0 once shut down).</summary>
    public int Transmit(Span<short> samples)
    {
        fixed (short* p = samples)
        {
            return _kind switch
            {
                SpanDspModemKind.V17 => SpanDsp.v17_tx(_state, p, samples.Length),
                SpanDspModemKind.V29 => SpanDsp.v29_tx(_state, p, samples.Length),
                SpanDspModemKind.V27ter => SpanDsp.v27ter_tx(_state, p, samples.Length),
                _ => SpanDsp.fsk_tx(_state, p, samples.Length),
            };
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ = _kind switch
        {
            SpanDspModemKind.V17 => SpanDsp.v17_tx_free(_state),
            SpanDspModemKind.V29 => SpanDsp.v29_tx_free(_state),
            SpanDspModemKind.V27ter => SpanDsp.v27ter_tx_free(_state),
            _ => SpanDsp.fsk_tx_free(_state),
        };
        if (_self.IsAllocated)
            _self.Free();
    }

    [UnmanagedCallersOnly]
    private static int GetBit(IntPtr user)
    {
        var me = (SpanDspModemTransmitter)GCHandle.FromIntPtr(user).Target!;
        // SIG_STATUS_END_OF_DATA once the bits are used up (V.21: keep marking, the test stops pulling).
        if (me._next >= me._bits.Length)
            return me._kind == SpanDspModemKind.V21 ? 1 : -7;
        return me._bits[me._next++];
    }
}
