namespace Gateway.Calls;

/// <summary>How the fax image travelled.</summary>
public enum FaxTransport
{
    None,

    /// <summary>T.30 as audio inside G.711 RTP, through our software modems.</summary>
    G711,

    /// <summary>T.30 over T.38 IFP packets in UDPTL.</summary>
    T38,
}
