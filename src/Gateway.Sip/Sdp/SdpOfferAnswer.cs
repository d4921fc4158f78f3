using System.Globalization;
using System.Net;

namespace Gateway.Sip.Sdp;

/// <summary>
/// RFC 3264 offer/answer helpers: answers keep the offer's m-lines in order and reject with port 0
/// (§6); each changed description bumps the o= version by exactly one (§8); §8.3.3 replaces a stream's
/// media type in place (audio → image for T.38).
/// </summary>
public static class SdpOfferAnswer
{
    /// <summary>Payload types of the G.711 audio offer (RFC 3551 §6): PCMU 0, PCMA 8, telephone-event 101 (RFC 4733).</summary>
    public static SdpSession CreateAudioOffer(IPAddress address, int rtpPort, ulong sessionId, bool pcmu = true, bool pcma = true, bool telephoneEvent = true)
    {
        var s = new SdpSession
        {
            Origin = new SdpOrigin("gateway", sessionId, 1, "IN", address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4", address.ToString()),
            Connection = SdpConnection.For(address),
        };
        var m = new SdpMedia { Media = "audio", Port = rtpPort, Protocol = "RTP/AVP" };
        if (pcmu) { m.Formats.Add("0"); m.Attributes.Add(new("rtpmap", "0 PCMU/8000")); }
        if (pcma) { m.Formats.Add("8"); m.Attributes.Add(new("rtpmap", "8 PCMA/8000")); }
        if (telephoneEvent) { m.Formats.Add("101"); m.Attributes.Add(new("rtpmap", "101 telephone-event/8000")); m.Attributes.Add(new("fmtp", "101 0-16")); }
        m.Attributes.Add(new("ptime", "20"));
        m.Attributes.Add(new("sendrecv", null));
        s.Media.Add(m);
        return s;
    }

    /// <summary>A T.38 m-line (T.38 Annex D): <c>m=image port udptl t38</c> with the given attributes.</summary>
    public static SdpMedia CreateT38Media(int udptlPort, T38Parameters p)
    {
        var m = new SdpMedia { Media = "image", Port = udptlPort, Protocol = "udptl" };
        m.Formats.Add("t38");
        p.WriteTo(m);
        return m;
    }

    /// <summary>
    /// Builds an answer: for each offered m-line, in order, <paramref name="accept"/> returns the
    /// accepted section or null to reject it, which yields the same media and protocol with port 0 (§6).
    /// </summary>
    public static SdpSession CreateAnswer(SdpSession offer, SdpOrigin origin, SdpConnection connection, Func<SdpMedia, SdpMedia?> accept)
    {
        var a = new SdpSession { Origin = origin, Connection = connection, Timing = offer.Timing };
        foreach (var offered in offer.Media)
        {
            SdpMedia? ok = offered.IsRejected ? null : accept(offered);
            if (ok is null)
            {
                var rej = new SdpMedia { Media = offered.Media, Port = 0, Protocol = offered.Protocol };
                // §6: a rejected stream still carries at least one format from the offer.
                rej.Formats.Add(offered.Formats.Count > 0 ? offered.Formats[0] : "0");
                a.Media.Add(rej);
                continue;
            }
            if (!ok.HasAttribute("sendonly") && !ok.HasAttribute("recvonly") && !ok.HasAttribute("inactive") && !ok.HasAttribute("sendrecv"))
                ok.Direction = AnswerDirection(offered.Direction);
            a.Media.Add(ok);
        }
        return a;
    }

    /// <summary>RFC 3264 §6.1: sendonly is answered recvonly and vice versa; inactive stays inactive.</summary>
    public static SdpDirection AnswerDirection(SdpDirection offered) => offered switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        SdpDirection.Inactive => SdpDirection.Inactive,
        _ => SdpDirection.SendRecv,
    };

    /// <summary>
    /// Sets the o= version of <paramref name="next"/> from the previous description we sent: the same
    /// when nothing else changed, previous + 1 otherwise (RFC 3264 §8).
    /// </summary>
    public static SdpSession WithVersion(SdpSession previous, SdpSession next)
    {
        bool same = SdpWriter.SameText(next, previous.Origin, previous);
        next.Origin = previous.Origin with { SessionVersion = same ? previous.Origin.SessionVersion : previous.Origin.SessionVersion + 1 };
        return next;
    }

    /// <summary>
    /// RFC 3264 §8.3.3: replaces the first audio stream by <c>m=image udptl t38</c> in the same slot,
    /// keeping every other m-line, with the o= version raised by one.
    /// </summary>
    public static SdpSession ReplaceAudioWithT38(SdpSession current, int udptlPort, T38Parameters parameters)
    {
        var next = current.Clone();
        int i = next.Media.FindIndex(m => m.Media.Equals("audio", StringComparison.OrdinalIgnoreCase) && !m.IsRejected);
        if (i < 0) throw new InvalidOperationException("No active audio stream to replace (RFC 3264 §8.3.3).");
        var t38 = CreateT38Media(udptlPort, parameters);
        t38.Connection = next.Media[i].Connection;
        next.Media[i] = t38;
        return WithVersion(current, next);
    }

    /// <summary>Formats of an offered audio stream we support (PCMU, PCMA, telephone-event), in the offerer's order.</summary>
    public static List<string> CommonAudioFormats(SdpMedia offered, IEnumerable<string> supportedEncodings)
    {
        var set = new HashSet<string>(supportedEncodings, StringComparer.OrdinalIgnoreCase);
        var list = new List<string>();
        foreach (var f in offered.Formats)
        {
            string? enc = offered.RtpMap(f)?.Split('/')[0];
            enc ??= f switch { "0" => "PCMU", "8" => "PCMA", _ => null }; // RFC 3551 static payload types
            if (enc is not null && set.Contains(enc)) list.Add(f);
        }
        return list;
    }

    internal static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);
}
