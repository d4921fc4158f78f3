namespace Gateway.Fax.T38;

/// <summary>
/// One UDPTL datagram (T.38 §9.1, Annex A UDPTLPacket):
/// <code>
/// +------------+-------------------------+----------------------------------------------------+
/// | seq (16 b) | primary IFP (open type) | error-recovery CHOICE                              |
/// |            | length det. + octets    |  0x00: count + secondary IFPs (newest first)       |
/// |            |                         |  0x80: fec-npackets (len 1, span) + count + parity |
/// +------------+-------------------------+----------------------------------------------------+
/// </code>
/// </summary>
public sealed record UdptlPacket(int SequenceNumber, ReadOnlyMemory<byte> Primary)
{
    /// <summary>Redundant copies of the previous IFPs, newest (sequence − 1) first.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Secondary { get; init; } = [];

    /// <summary>True when the packet carries FEC rather than secondary IFPs.</summary>
    public bool IsFec { get; init; }

    /// <summary>FEC span: how many packets each parity entry covers.</summary>
    public int FecSpan { get; init; }

    /// <summary>FEC parity entries; entry m covers packets seq + m − span·entries + j·entries, j = 0..span−1.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> FecEntries { get; init; } = [];
}
