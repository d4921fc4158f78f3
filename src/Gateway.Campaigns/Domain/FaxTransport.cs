namespace Gateway.Campaigns.Domain;

/// <summary>How the fax image travelled in an attempt.</summary>
public enum FaxTransport
{
    None,

    /// <summary>T.30 as audio inside G.711 RTP.</summary>
    G711,

    /// <summary>T.30 over T.38 (UDPTL).</summary>
    T38,
}
