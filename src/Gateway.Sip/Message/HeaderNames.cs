namespace Gateway.Sip.Message;

/// <summary>
/// Canonical header names and the compact forms of RFC 3261 §7.3.3 (plus RFC 3515, 3841, 4028, 4474).
/// Lookup is case-insensitive (§7.3.1) and returns the shared canonical string.
/// </summary>
public static class HeaderNames
{
    public const string Accept = "Accept";
    public const string Allow = "Allow";
    public const string Authorization = "Authorization";
    public const string CallId = "Call-ID";
    public const string Contact = "Contact";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Expires = "Expires";
    public const string From = "From";
    public const string MaxForwards = "Max-Forwards";
    public const string MinExpires = "Min-Expires";
    public const string MinSE = "Min-SE";
    public const string PAssertedIdentity = "P-Asserted-Identity";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string RAck = "RAck";
    public const string RecordRoute = "Record-Route";
    public const string Require = "Require";
    public const string RetryAfter = "Retry-After";
    public const string Route = "Route";
    public const string RSeq = "RSeq";
    public const string SessionExpires = "Session-Expires";
    public const string Subject = "Subject";
    public const string Supported = "Supported";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string Event = "Event";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string AllowEvents = "Allow-Events";
    public const string AcceptContact = "Accept-Contact";
    public const string RejectContact = "Reject-Contact";
    public const string RequestDisposition = "Request-Disposition";
    public const string Identity = "Identity";
    public const string IdentityInfo = "Identity-Info";
    public const string Server = "Server";
    public const string Date = "Date";
    public const string Warning = "Warning";
    public const string ProxyRequire = "Proxy-Require";

    static readonly Dictionary<string, string> Lookup = Build();
    static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> SpanLookup = Lookup.GetAlternateLookup<ReadOnlySpan<char>>();

    static Dictionary<string, string> Build()
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in new[] { Accept, Allow, Authorization, CallId, Contact, ContentEncoding, ContentLength, ContentType, CSeq, Expires, From, MaxForwards, MinExpires, MinSE, PAssertedIdentity, ProxyAuthenticate, ProxyAuthorization, RAck, RecordRoute, Require, RetryAfter, Route, RSeq, SessionExpires, Subject, Supported, To, Unsupported, UserAgent, Via, WwwAuthenticate, Event, ReferTo, ReferredBy, AllowEvents, AcceptContact, RejectContact, RequestDisposition, Identity, IdentityInfo, Server, Date, Warning, ProxyRequire })
            d[n] = n;
        // RFC 3261 §7.3.3 and later RFCs: compact forms.
        d["i"] = CallId; d["m"] = Contact; d["e"] = ContentEncoding; d["l"] = ContentLength; d["c"] = ContentType;
        d["f"] = From; d["s"] = Subject; d["k"] = Supported; d["t"] = To; d["v"] = Via; d["o"] = Event;
        d["r"] = ReferTo; d["b"] = ReferredBy; d["u"] = AllowEvents; d["a"] = AcceptContact; d["j"] = RejectContact;
        d["d"] = RequestDisposition; d["x"] = SessionExpires; d["y"] = Identity; d["n"] = IdentityInfo;
        return d;
    }

    static readonly string[][] Buckets = BuildBuckets();

    static string[][] BuildBuckets()
    {
        var b = new List<string>[26];
        for (int i = 0; i < 26; i++) b[i] = [];
        foreach (var v in Lookup.Values.Distinct()) b[char.ToLowerInvariant(v[0]) - 'a'].Add(v);
        return [.. b.Select(l => l.ToArray())];
    }

    /// <summary>
    /// The canonical name for header-name bytes from the wire (any case, compact forms), or null.
    /// A hot path of the parser: no string is made for known names.
    /// </summary>
    public static string? Canonical(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) return null;
        int first = (name[0] | 0x20) - 'a';
        if ((uint)first >= 26) return null;
        if (name.Length == 1)
        {
            Span<char> one = [(char)(name[0] | 0x20)];
            return Canonical(one);
        }
        foreach (var candidate in Buckets[first])
            if (candidate.Length == name.Length && System.Text.Ascii.EqualsIgnoreCase(name, candidate)) return candidate;
        return null;
    }

    /// <summary>The canonical name for a (possibly compact, any-case) header name, or null if unknown.</summary>
    public static string? Canonical(ReadOnlySpan<char> name) => SpanLookup.TryGetValue(name, out var c) ? c : null;

    public static string Normalize(string name) => Canonical(name) ?? name;
}
