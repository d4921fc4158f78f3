namespace Gateway.Fax.T38;

/// <summary>Why a UDPTL datagram could not be decoded.</summary>
public enum UdptlError
{
    /// <summary>No error.</summary>
    None,
    /// <summary>The datagram ended inside a field.</summary>
    Truncated,
    /// <summary>A fragmented length (≥ 16384 octets) or a FEC span not coded in one octet.</summary>
    UnsupportedLength,
    /// <summary>More than 32 secondary IFPs or FEC entries.</summary>
    TooManyEntries,
}
