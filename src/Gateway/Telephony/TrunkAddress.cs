using System.Net;
using Gateway.Sip.Auth;
using Gateway.Sip.Headers;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Telephony;

/// <summary>
/// Turns a trunk written as a SIP URI (<c>sip:HOST[:PORT][;transport=udp|tcp|tls]</c>, <c>sips:HOST</c>)
/// plus credentials into the <see cref="SipTrunk"/> the user agent dials through.
/// </summary>
public static class TrunkAddress
{
    /// <summary>Builds the trunk, or throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static SipTrunk Parse(string name, string uri, string? username = null, string? password = null, string? callerId = null, string? fromHost = null, bool assertIdentity = false)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new FormatException($"trunk '{name}': no URI (expected sip:HOST[:PORT][;transport=udp|tcp|tls])");
        }

        if (!SipUri.TryParse(uri.Trim(), out SipUri parsed) || parsed.Scheme is not ("sip" or "sips") || parsed.Host.Length == 0)
        {
            throw new FormatException($"trunk '{name}': '{uri}' is not a SIP URI (expected sip:HOST[:PORT][;transport=udp|tcp|tls])");
        }

        // RFC 3261 §19.1.2 / §26.2: a sips URI means TLS; otherwise the transport parameter decides, UDP by default.
        SipTransportKind transport = (parsed.IsSecure, parsed.Transport?.ToLowerInvariant()) switch
        {
            (true, null or "tcp" or "tls") => SipTransportKind.Tls,
            (true, _) => throw new FormatException($"trunk '{name}': sips: needs a reliable transport, not '{parsed.Transport}'"),
            (false, null or "udp") => SipTransportKind.Udp,
            (false, "tcp") => SipTransportKind.Tcp,
            (false, "tls") => SipTransportKind.Tls,
            _ => throw new FormatException($"trunk '{name}': unknown transport '{parsed.Transport}' (udp, tcp or tls)"),
        };
        string? caller = string.IsNullOrWhiteSpace(callerId) ? null : callerId.Trim();
        if (caller is not null && !IsDialString(caller))
        {
            throw new FormatException($"trunk '{name}': caller id '{callerId}' may hold only digits and a leading '+'");
        }

        string host = parsed.HostWithoutBrackets;
        // RFC 3263 §4.2: only a URI without a port lets SRV choose it, so the port is set only when written.
        var trunk = new SipTrunk
        {
            Name = name,
            Host = host,
            Transport = transport,
            // RFC 3263 §4.1: a name without transport and port lets NAPTR/SRV choose the transport.
            TransportFromDns = parsed.Transport is null && parsed.Port is null && !IPAddress.TryParse(host, out _),
            FromUser = caller ?? "gateway",
            FromHost = string.IsNullOrWhiteSpace(fromHost) ? null : fromHost.Trim(),
            PAssertedIdentity = assertIdentity && caller is not null ? $"<sip:{caller}@{(string.IsNullOrWhiteSpace(fromHost) ? parsed.Host : fromHost.Trim())}>" : null,
            Credentials = string.IsNullOrEmpty(username) ? null : new DigestCredentials(username, password ?? ""),
        };

        return parsed.Port is int port ? trunk with { Port = port } : trunk;
    }

    /// <summary>The trunk of a configured <see cref="TrunkOptions"/>.</summary>
    public static SipTrunk FromOptions(TrunkOptions options)
    {
        SipTrunk trunk = Parse(options.Name, options.Uri, options.Username, options.Password, options.CallerId, options.FromHost, options.AssertIdentity);
        if (options.KeepaliveSeconds < 0)
        {
            throw new FormatException($"trunk '{options.Name}': KeepaliveSeconds must be 0 (off) or more");
        }

        if (options.KeepaliveSeconds > 0)
        {
            trunk = trunk with { KeepaliveInterval = TimeSpan.FromSeconds(options.KeepaliveSeconds) };
        }

        // DNS may choose TLS ("SIPS+D2T") for a trunk that names no transport, so its TLS settings apply then too.
        if (trunk.Transport == SipTransportKind.Tls || trunk.TransportFromDns)
        {
            trunk = trunk with
            {
                Tls = new SipTlsClientOptions
                {
                    ValidateCertificate = options.TlsValidateCertificate,
                    PinnedCertificateSha256 = string.IsNullOrWhiteSpace(options.TlsPinnedSha256) ? null : options.TlsPinnedSha256.Trim(),
                    ServerName = string.IsNullOrWhiteSpace(options.TlsServerName) ? null : options.TlsServerName.Trim(),
                },
            };
        }

        return trunk;
    }

    private static bool IsDialString(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (!(char.IsAsciiDigit(s[i]) || (i == 0 && s[i] == '+')))
            {
                return false;
            }
        }

        return s.Length > (s[0] == '+' ? 1 : 0);
    }
}
