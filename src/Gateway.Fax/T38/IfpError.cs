namespace Gateway.Fax.T38;

/// <summary>Why an IFP packet could not be decoded.</summary>
public enum IfpError
{
    /// <summary>No error.</summary>
    None,
    /// <summary>The packet ended inside a field.</summary>
    Truncated,
    /// <summary>An indicator, data type or field type value outside the ASN.1 (or an extension value in v0).</summary>
    UnknownValue,
    /// <summary>An indicator packet with a data field.</summary>
    DataWithIndicator,
    /// <summary>A length determinant form this decoder does not take (fragmented, ≥16384 fields).</summary>
    UnsupportedLength,
    /// <summary>Octets left over after the packet.</summary>
    TrailingOctets,
}
