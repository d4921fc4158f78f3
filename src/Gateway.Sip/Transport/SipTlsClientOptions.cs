using System.Security.Cryptography.X509Certificates;

namespace Gateway.Sip.Transport;

/// <summary>
/// How we authenticate a TLS server (RFC 3261 §26.2.1, RFC 5922 §7). By default the chain must validate
/// against the system roots and the certificate must match the server name (the trunk host, also sent
/// as SNI). A trunk may pin one certificate, trust its own roots, or (test setups only) skip validation.
/// </summary>
public sealed record SipTlsClientOptions
{
    public static SipTlsClientOptions Default { get; } = new();

    /// <summary>False accepts any certificate. Never for production trunks.</summary>
    public bool ValidateCertificate { get; init; } = true;

    /// <summary>
    /// Hex SHA-256 of the server certificate (DER). When set, exactly this certificate is accepted and
    /// chain and name checks are skipped (pinning a self-signed carrier certificate).
    /// </summary>
    public string? PinnedCertificateSha256 { get; init; }

    /// <summary>Roots to trust instead of the system store (a private CA); the name is still checked.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>SNI and expected certificate name; null uses the destination's <see cref="SipEndPoint.ServerName"/>.</summary>
    public string? ServerName { get; init; }

    /// <summary>Our certificate for mutual TLS, or null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }
}
