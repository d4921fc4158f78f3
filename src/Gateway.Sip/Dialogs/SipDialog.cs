using Gateway.Sip.Headers;
using Gateway.Sip.Message;

namespace Gateway.Sip.Dialogs;

/// <summary>
/// Dialog state of RFC 3261 §12: Call-ID and tags, local and remote URIs, remote target, route set,
/// CSeq counters. Builds in-dialog requests with loose or strict routing (§12.2.1.1).
/// </summary>
public sealed class SipDialog
{
    public required string CallId { get; init; }
    public required string LocalTag { get; init; }
    public required string RemoteTag { get; init; }
    public required NameAddress LocalUri { get; init; }
    public required NameAddress RemoteUri { get; init; }
    public required SipUri RemoteTarget { get; set; }
    public required IReadOnlyList<NameAddress> RouteSet { get; init; }
    public required SipUri LocalContact { get; init; }
    public uint LocalSeq { get; set; }
    public uint? RemoteSeq { get; set; }
    public bool IsEarly { get; set; }

    /// <summary>
    /// UAC side (§12.1.2): route set = Record-Route of the response in reverse order, remote target =
    /// its Contact, local CSeq = the INVITE's.
    /// </summary>
    public static SipDialog FromUacResponse(SipRequest invite, SipResponse response, SipUri localContact)
    {
        var routes = response.GetHeaderValues(HeaderNames.RecordRoute).Select(NameAddress.Parse).Reverse().ToList();
        var contact = response.GetHeaderValues(HeaderNames.Contact).Select(NameAddress.Parse).FirstOrDefault();
        return new SipDialog
        {
            CallId = invite.CallId!,
            LocalTag = invite.From!.Tag!,
            RemoteTag = response.To!.Tag ?? "",
            LocalUri = WithoutTag(invite.From!),
            RemoteUri = WithoutTag(response.To!),
            RemoteTarget = contact?.Uri ?? invite.RequestUri.Clone(),
            RouteSet = routes,
            LocalContact = localContact,
            LocalSeq = invite.CSeq!.Value.Number,
            IsEarly = response.IsProvisional,
        };
    }

    /// <summary>UAS side (§12.1.1): route set = Record-Route of the request in order, remote target = its Contact.</summary>
    public static SipDialog FromUasRequest(SipRequest invite, string localTag, SipUri localContact)
    {
        var routes = invite.GetHeaderValues(HeaderNames.RecordRoute).Select(NameAddress.Parse).ToList();
        var contact = invite.GetHeaderValues(HeaderNames.Contact).Select(NameAddress.Parse).FirstOrDefault();
        return new SipDialog
        {
            CallId = invite.CallId!,
            LocalTag = localTag,
            RemoteTag = invite.From!.Tag ?? "",
            LocalUri = WithoutTag(invite.To!),
            RemoteUri = WithoutTag(invite.From!),
            RemoteTarget = contact?.Uri ?? invite.From!.Uri.Clone(),
            RouteSet = routes,
            LocalContact = localContact,
            LocalSeq = (uint)Random.Shared.Next(1, 10000),
            RemoteSeq = invite.CSeq!.Value.Number,
        };
    }

    static NameAddress WithoutTag(NameAddress na)
    {
        var c = na.Clone();
        c.Tag = null;
        return c;
    }

    /// <summary>The URI the request is sent towards: the first route, or the remote target (§12.2.1.1, §8.1.2).</summary>
    // The header text of `na` with its tag set (§12.2.1.1: From and To carry the dialog's tags). Without a tag of its
    // own (as the dialog keeps them), setting one appends ";tag=" to the text, so no copy of the address is needed.
    static string WithTag(NameAddress na, string tag)
    {
        if (!na.Parameters.Contains("tag")) return na + ";tag=" + tag;
        var c = na.Clone();
        c.Tag = tag;
        return c.ToString();
    }

    public SipUri NextHop => RouteSet.Count > 0 ? RouteSet[0].Uri : RemoteTarget;

    /// <summary>
    /// A new in-dialog request (§12.2.1.1). CSeq is incremented except for ACK and CANCEL, which reuse
    /// the number given in <paramref name="cseq"/>.
    /// </summary>
    public SipRequest CreateRequest(string method, uint? cseq = null)
    {
        uint number = cseq ?? (method is SipMethod.Ack or SipMethod.Cancel ? LocalSeq : ++LocalSeq);
        SipUri requestUri;
        var routes = new List<string>();
        if (RouteSet.Count == 0) requestUri = RemoteTarget.Clone();
        else if (RouteSet[0].Uri.IsLooseRouter)
        {
            requestUri = RemoteTarget.Clone();
            routes.AddRange(RouteSet.Select(r => r.ToString()));
        }
        else
        {
            // Strict routing: the first route becomes the Request-URI (params removed), the remote target the last Route.
            requestUri = RouteSet[0].Uri.Clone();
            requestUri.Parameters.Remove("lr");
            routes.AddRange(RouteSet.Skip(1).Select(r => r.ToString()));
            routes.Add(new NameAddress(RemoteTarget.Clone()).ToString());
        }
        var req = new SipRequest(method, requestUri);
        req.AddHeader(HeaderNames.MaxForwards, "70");
        req.AddHeader(HeaderNames.From, WithTag(LocalUri, LocalTag));
        req.AddHeader(HeaderNames.To, RemoteTag.Length > 0 ? WithTag(RemoteUri, RemoteTag) : RemoteUri.ToString());
        req.AddHeader(HeaderNames.CallId, CallId);
        req.AddHeader(HeaderNames.CSeq, $"{number} {method}");
        foreach (var r in routes) req.AddHeader(HeaderNames.Route, r);
        if (method is SipMethod.Invite or SipMethod.Update)
            req.AddHeader(HeaderNames.Contact, new NameAddress(LocalContact).ToString()); // §12.2.1.1 target refresh
        return req;
    }

    /// <summary>Target refresh (§12.2.1.2, §12.2.2): a Contact in a re-INVITE or its 2xx replaces the remote target.</summary>
    public void RefreshRemoteTarget(SipMessage m)
    {
        var c = m.GetHeaderValues(HeaderNames.Contact).FirstOrDefault();
        if (c is not null && NameAddress.TryParse(c, out var na)) RemoteTarget = na.Uri;
    }

    /// <summary>§12.2.2: a request with a CSeq lower than the last one is out of order (answer 500).</summary>
    public bool AcceptRemoteSeq(uint cseq, bool isAck)
    {
        if (isAck) return true;
        if (RemoteSeq is uint last && cseq <= last) return false;
        RemoteSeq = cseq;
        return true;
    }

    /// <summary>True when a message belongs to this dialog (§12.2.2: Call-ID, local tag, remote tag).</summary>
    public bool Matches(string callId, string? localTag, string? remoteTag) =>
        callId == CallId && localTag == LocalTag && (remoteTag ?? "") == RemoteTag;
}
