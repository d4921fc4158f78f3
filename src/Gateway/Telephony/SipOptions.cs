namespace Gateway.Telephony;

/// <summary>Configuration section <c>Sip</c>: where our user agent listens and the trunks it calls through.</summary>
public sealed class SipOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Sip";

    /// <summary>Local address for SIP; 0.0.0.0 listens on all.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Local SIP port (UDP). 0 picks a free port (tests, <c>gateway send</c>).</summary>
    public int ListenPort { get; set; } = 5060;

    /// <summary>
    /// TLS port, opened only when a trunk uses TLS (RFC 3261 §26.2); UDP and TCP share <see cref="ListenPort"/>,
    /// and TCP is opened only when a trunk uses TCP or TLS.
    /// </summary>
    public int TlsListenPort { get; set; } = 5061;

    /// <summary>
    /// Certificate of our TLS listener (PKCS#12 or PEM), for what a TLS trunk sends to our Contact (in-dialog
    /// requests such as BYE, RFC 3261 §12.2; §26.2). Empty: inbound TLS connections are refused, and a TLS trunk
    /// must send them on the connection we opened (a warning at start says so).
    /// </summary>
    public string TlsCertificatePath { get; set; } = "";

    /// <summary>The PEM private key of <see cref="TlsCertificatePath"/>, when not in the same file.</summary>
    public string TlsKeyPath { get; set; } = "";

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key; put it in the environment.</summary>
    public string TlsCertificatePassword { get; set; } = "";

    /// <summary>
    /// A TCP/TLS connection with no traffic for this many seconds is closed (the next message reopens one);
    /// 0 keeps connections open. The default, 1200 s, outlasts the 900 s between session refreshes of a call.
    /// </summary>
    public int TcpIdleTimeoutSeconds { get; set; } = 1200;

    /// <summary>Address written in Via/Contact when behind NAT; empty means the local address.</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; set; } = "Gateway";

    /// <summary>Log every SIP message (Information, category Gateway.Sip) with credentials masked.</summary>
    public bool LogMessages { get; set; }

    /// <summary>Answer SIP requests only from the trunks' resolved addresses and <see cref="AllowedSources"/>.</summary>
    public bool FilterSources { get; set; } = true;

    /// <summary>More addresses whose SIP requests are answered (e.g. the far-end simulator's).</summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary>DNS server (address or address:port) for RFC 3263 SRV/A look-ups of trunk names; empty: /etc/resolv.conf.</summary>
    public string DnsServer { get; set; } = "";

    /// <summary>The trunks, by name.</summary>
    public List<TrunkOptions> Trunks { get; set; } = [];
}
