using Gateway.Calls;

namespace Gateway.Telephony;

/// <summary>
/// One SIP trunk from configuration (<c>Sip:Trunks</c>): where calls go, who we are to it, how many calls
/// it takes and how faxes travel over it. Campaigns name their trunk; <see cref="Name"/> matches it.
/// </summary>
public sealed class TrunkOptions
{
    /// <summary>Name campaigns use (<c>trunk</c> in the API), case-insensitive.</summary>
    public string Name { get; set; } = "";

    /// <summary>The trunk's address: <c>sip:HOST[:PORT][;transport=udp|tcp|tls]</c> or <c>sips:HOST[:PORT]</c>.</summary>
    public string Uri { get; set; } = "";

    /// <summary>Digest user name (RFC 3261 §22), empty when the trunk does not challenge.</summary>
    public string Username { get; set; } = "";

    /// <summary>Digest password; put it in the environment file, not in appsettings.json.</summary>
    public string Password { get; set; } = "";

    /// <summary>Caller number presented in From (and P-Asserted-Identity when set), e.g. +77270000000.</summary>
    public string CallerId { get; set; } = "";

    /// <summary>Host part of From; empty means the trunk's host.</summary>
    public string FromHost { get; set; } = "";

    /// <summary>Send P-Asserted-Identity with the caller id (RFC 3325), for trunks that expect it.</summary>
    public bool AssertIdentity { get; set; }

    /// <summary>Calls at the same time through this trunk, counted across all nodes.</summary>
    public int Channels { get; set; } = 4;

    /// <summary>New calls per second through this trunk.</summary>
    public double CallsPerSecond { get; set; } = 1;

    /// <summary>T.38 policy: <c>accept</c> (take the far end's re-INVITE), <c>request</c> (also send our own), <c>off</c>.</summary>
    public T38Policy T38 { get; set; } = T38Policy.Accept;

    /// <summary>Offer error correction mode (T.30 Annex A).</summary>
    public bool Ecm { get; set; } = true;

    /// <summary>
    /// ECM pages sent as partial pages short enough (T2 − 2 s on the line each) that a receiver which loses our
    /// carrier in one still hears our PPS before its T2 ends and asks for the lost frames with PPR (T.30 Annex A),
    /// instead of going back to phase B and losing the page. Measured (docs/modems.md §5, session 4): with 0.1–0.5 %
    /// of 20 ms frames lost, ECM calls through libspandsp 97 → 126 of 200 succeed; on a clean line calls take
    /// 14–40 % longer at V.17/V.29 and up to twice as long at 4800/2400. False: blocks of 256 frames.
    /// </summary>
    public bool EcmPartialPages { get; set; } = true;

    /// <summary>Highest signalling rate in bit/s: 14400, 12000, 9600, 7200, 4800 or 2400.</summary>
    public int MaxBitRate { get; set; } = 14400;

    /// <summary>When to stop dialing through a trunk that keeps failing, and how to test it again.</summary>
    public TrunkBreakerOptions Breaker { get; set; } = new();

    /// <summary>
    /// Seconds between OPTIONS keepalive probes (RFC 3261 §11); 0 (the default) sends none. Two failed probes
    /// in a row (no answer, 503) mark the trunk down: no call is dialed through it until a probe succeeds.
    /// </summary>
    public double KeepaliveSeconds { get; set; }

    /// <summary>TLS trunks (<c>sips:</c> or <c>;transport=tls</c>): check the server's certificate chain and name (default true).</summary>
    public bool TlsValidateCertificate { get; set; } = true;

    /// <summary>TLS trunks: accept exactly the certificate with this SHA-256 fingerprint (hex) instead.</summary>
    public string TlsPinnedSha256 { get; set; } = "";

    /// <summary>TLS trunks: the name for SNI and the certificate check when it differs from the URI's host.</summary>
    public string TlsServerName { get; set; } = "";
}
