namespace Gateway.Fax.Tests.Interop;

/// <summary>Packet loss for the simulated IP path: independent random loss, or Gilbert-Elliott bursts with the same mean.</summary>
public sealed class LossModel(double rate, double meanBurst, int seed)
{
    private readonly Random _rng = new(seed);
    private bool _bad;

    /// <summary>True when the next packet is lost.</summary>
    public bool Drop()
    {
        if (meanBurst <= 1)
            return _rng.NextDouble() < rate;
        // Two states: leave the bad state with r = 1/burst; enter it with p so that p / (p + r) = rate.
        var r = 1 / meanBurst;
        var p = r * rate / (1 - rate);
        _bad = _bad ? _rng.NextDouble() >= r : _rng.NextDouble() < p;
        return _bad;
    }
}
