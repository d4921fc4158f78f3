namespace Gateway.Media.Codecs;

/// <summary>The two G.711 companding laws (ITU-T G.711 §1, RTP payload types 0 and 8 per RFC 3551 §4.5.14).</summary>
public enum G711Law
{
    /// <summary>µ-law, PCMU, RTP payload type 0.</summary>
    MuLaw,

    /// <summary>A-law, PCMA, RTP payload type 8.</summary>
    ALaw,
}
