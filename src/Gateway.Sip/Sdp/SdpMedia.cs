using System.Globalization;

namespace Gateway.Sip.Sdp;

/// <summary>One m= section (RFC 8866 §5.14) with its c=, b= and a= lines.</summary>
public sealed class SdpMedia
{
    public string Media { get; set; } = "audio";
    public int Port { get; set; }
    public int? PortCount { get; set; }
    public string Protocol { get; set; } = "RTP/AVP";
    public List<string> Formats { get; } = [];
    public SdpConnection? Connection { get; set; }
    public List<string> Bandwidths { get; } = [];
    public List<SdpAttribute> Attributes { get; } = [];
    /// <summary>i= and k= lines kept verbatim ("x=value").</summary>
    public List<string> OtherLines { get; } = [];

    public bool IsRejected => Port == 0;

    /// <summary>True for <c>m=image &lt;port&gt; udptl t38</c> (T.38 Annex D).</summary>
    public bool IsT38 => Media.Equals("image", StringComparison.OrdinalIgnoreCase)
        && Protocol.Equals("udptl", StringComparison.OrdinalIgnoreCase)
        && Formats.Exists(f => f.Equals("t38", StringComparison.OrdinalIgnoreCase));

    public string? GetAttribute(string name) => Attributes.Find(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    public bool HasAttribute(string name) => Attributes.Exists(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public SdpDirection Direction
    {
        get
        {
            foreach (var a in Attributes)
            {
                switch (a.Name.ToLowerInvariant())
                {
                    case "sendonly": return SdpDirection.SendOnly;
                    case "recvonly": return SdpDirection.RecvOnly;
                    case "inactive": return SdpDirection.Inactive;
                    case "sendrecv": return SdpDirection.SendRecv;
                }
            }
            return SdpDirection.SendRecv;
        }
        set
        {
            Attributes.RemoveAll(a => a.Name.ToLowerInvariant() is "sendonly" or "recvonly" or "inactive" or "sendrecv");
            Attributes.Add(new SdpAttribute(value switch
            {
                SdpDirection.SendOnly => "sendonly",
                SdpDirection.RecvOnly => "recvonly",
                SdpDirection.Inactive => "inactive",
                _ => "sendrecv",
            }, null));
        }
    }

    /// <summary>a=ptime in milliseconds (RFC 8866 §6.4), if present.</summary>
    public int? Ptime => int.TryParse(GetAttribute("ptime"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;

    /// <summary>The rtpmap of a payload type: "PCMU/8000" for "a=rtpmap:0 PCMU/8000".</summary>
    public string? RtpMap(string payloadType) => FormatAttribute("rtpmap", payloadType);

    public string? Fmtp(string payloadType) => FormatAttribute("fmtp", payloadType);

    string? FormatAttribute(string name, string pt)
    {
        foreach (var a in Attributes)
        {
            if (!a.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || a.Value is null) continue;
            var v = a.Value.AsSpan();
            int sp = v.IndexOf(' ');
            if (sp > 0 && v[..sp].SequenceEqual(pt)) return v[(sp + 1)..].Trim().ToString();
        }
        return null;
    }

    public SdpMedia Clone()
    {
        var m = new SdpMedia { Media = Media, Port = Port, PortCount = PortCount, Protocol = Protocol, Connection = Connection };
        m.Formats.AddRange(Formats);
        m.Bandwidths.AddRange(Bandwidths);
        m.Attributes.AddRange(Attributes);
        m.OtherLines.AddRange(OtherLines);
        return m;
    }
}
