namespace Gateway.Media.Vad;

/// <summary>Which adaptive filter <see cref="EchoCanceller.Create"/> builds.</summary>
public enum EchoCancellerKind
{
    /// <summary>Frequency-domain, partitioned block filter with per-bin step normalisation (<see cref="MdfEchoCanceller"/>, session 5, default).</summary>
    Mdf,

    /// <summary>Time-domain proportionate NLMS with pre-emphasis (<see cref="IpnlmsEchoCanceller"/>, sessions 3–4).</summary>
    Ipnlms,
}
