namespace Gateway.Fax.T38;

/// <summary>UDPTL error recovery (T.38 §9.1, SDP T38FaxUdpEC).</summary>
public enum UdptlErrorCorrection
{
    /// <summary>No recovery data (an empty secondary list).</summary>
    None,
    /// <summary>t38UDPRedundancy: each packet repeats the previous N IFPs.</summary>
    Redundancy,
    /// <summary>t38UDPFEC: each packet carries XOR parity over earlier IFPs.</summary>
    Fec,
}
