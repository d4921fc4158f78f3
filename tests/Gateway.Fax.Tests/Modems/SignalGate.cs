namespace Gateway.Fax.Tests.Modems;

/// <summary>
/// Where a transmission carries energy, sample by sample: noise that "rides on the signal" is added exactly there,
/// not in the silent parts of a modem's own training (V.27 ter segment 2, V.29 segment 1: 20 ms of no energy) and
/// not in the gaps between transmissions. A sample counts as signal when its magnitude exceeds
/// <see cref="Threshold"/>, or did so within the last <see cref="Hold"/> samples (bridging the carrier's zero
/// crossings). The state carries over from one block to the next.
/// </summary>
public sealed class SignalGate
{
    /// <summary>Magnitude above which a sample is signal (≈ −62 dBm0 peak; modulators output exact zeros when silent).</summary>
    public const int Threshold = 16;

    /// <summary>Samples the gate stays open after the last sample above the threshold (2 ms).</summary>
    public const int Hold = 16;

    private int _sinceSignal = Hold;

    /// <summary>Writes into <paramref name="mask"/> (same length as <paramref name="block"/>) where the block carries signal; returns how many samples do.</summary>
    public int Mark(ReadOnlySpan<short> block, Span<bool> mask)
    {
        var count = 0;
        for (var i = 0; i < block.Length; i++)
        {
            _sinceSignal = Math.Abs((int)block[i]) > Threshold ? 0 : Math.Min(_sinceSignal + 1, Hold);
            mask[i] = _sinceSignal < Hold;
            count += mask[i] ? 1 : 0;
        }
        return count;
    }
}
