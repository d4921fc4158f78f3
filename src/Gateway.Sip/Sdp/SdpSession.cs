namespace Gateway.Sip.Sdp;

/// <summary>A session description (RFC 8866 §5): session lines, then media sections in order.</summary>
public sealed class SdpSession
{
    public SdpOrigin Origin { get; set; } = new("-", 0, 0, "IN", "IP4", "0.0.0.0");
    public string SessionName { get; set; } = "-";
    public SdpConnection? Connection { get; set; }
    public string Timing { get; set; } = "0 0";
    public List<string> Bandwidths { get; } = [];
    public List<SdpAttribute> Attributes { get; } = [];
    public List<SdpMedia> Media { get; } = [];
    /// <summary>i=, u=, e=, p=, r=, z=, k= lines kept verbatim, in order.</summary>
    public List<string> OtherLines { get; } = [];

    /// <summary>The connection that applies to a media section: its own c= or the session's (§5.7).</summary>
    public SdpConnection? ConnectionFor(SdpMedia m) => m.Connection ?? Connection;

    /// <summary>
    /// The first accepted T.38 stream. Peers that reject audio while moving to fax may keep a
    /// <c>m=audio 0</c> line before it (FreeSWITCH does), so this does not assume m-line 0.
    /// </summary>
    public SdpMedia? T38Media => Media.Find(m => m.IsT38 && !m.IsRejected);

    public SdpMedia? AudioMedia => Media.Find(m => m.Media.Equals("audio", StringComparison.OrdinalIgnoreCase) && !m.IsRejected);

    public SdpSession Clone()
    {
        var s = new SdpSession { Origin = Origin, SessionName = SessionName, Connection = Connection, Timing = Timing };
        s.Bandwidths.AddRange(Bandwidths);
        s.Attributes.AddRange(Attributes);
        s.OtherLines.AddRange(OtherLines);
        foreach (var m in Media) s.Media.Add(m.Clone());
        return s;
    }

    public override string ToString() => SdpWriter.Write(this);
}
