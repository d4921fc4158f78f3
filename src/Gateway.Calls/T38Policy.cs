namespace Gateway.Calls;

/// <summary>A trunk's T.38 policy.</summary>
public enum T38Policy
{
    /// <summary>Take the far end's re-INVITE to T.38 whenever it comes; never ask ourselves.</summary>
    Accept,

    /// <summary>Accept theirs, and send our own re-INVITE on CED/DIS; fall back to G.711 on 488/415/timeout.</summary>
    Request,

    /// <summary>Refuse T.38 (488) and fax over G.711 only.</summary>
    Off,
}
