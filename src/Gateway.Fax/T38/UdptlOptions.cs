namespace Gateway.Fax.T38;

/// <summary>UDPTL settings for one direction pair, from SDP (T38FaxUdpEC, T38FaxMaxDatagram).</summary>
public sealed record UdptlOptions
{
    /// <summary>What we send; we accept both kinds whatever this says.</summary>
    public UdptlErrorCorrection ErrorCorrection { get; init; } = UdptlErrorCorrection.Redundancy;
    /// <summary>Secondary IFPs per packet with redundancy (default 3).</summary>
    public int RedundancyDepth { get; init; } = 3;
    /// <summary>FEC span: packets covered by each parity entry (Asterisk udptlfecspan, default 3).</summary>
    public int FecSpan { get; init; } = 3;
    /// <summary>FEC entries per packet (Asterisk udptlfecentries, default 3).</summary>
    public int FecEntries { get; init; } = 3;
    /// <summary>The far end's T38FaxMaxDatagram: no datagram we send is larger (Asterisk's default when absent: 400).</summary>
    public int MaxDatagram { get; init; } = 400;
    /// <summary>First sequence number we send (Cisco CUBE starts at 32768; 0 is usual).</summary>
    public int InitialSequence { get; init; }
}
