namespace Gateway.Media.Vad;

/// <summary>Which adaptive filter <see cref="EchoCanceller.Create"/> builds.</summary>
public enum EchoCancellerKind
{
    /// <summary>IPNLMS to find the echo's delay and a 12 ms least-squares filter there (<see cref="IpnlmsEchoCanceller.LeastSquaresTaps"/>, session 5, default).</summary>
    LeastSquares,

    /// <summary>Frequency-domain, partitioned block filter with per-bin step normalisation (<see cref="MdfEchoCanceller"/>, session 5; measured, not better on speech).</summary>
    Mdf,

    /// <summary>Time-domain proportionate NLMS with pre-emphasis (<see cref="IpnlmsEchoCanceller"/>, sessions 3–4).</summary>
    Ipnlms,
}
