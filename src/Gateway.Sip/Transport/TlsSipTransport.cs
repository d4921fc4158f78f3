using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Transport;

/// <summary>
/// SIP over TLS (RFC 3261 §26.2, RFC 5630 transport=tls): <see cref="SslStream"/> over the stream
/// transport. Client connections send SNI = the destination's server name and validate the server
/// certificate per <see cref="SipTlsClientOptions"/> (on by default). The listener needs a certificate
/// with its private key; without one, inbound TLS connections are refused.
/// </summary>
public sealed class TlsSipTransport : StreamSipTransport
{
    readonly X509Certificate2? _serverCertificate;
    readonly ConcurrentDictionary<string, SipTlsClientOptions> _clientOptions = new(StringComparer.OrdinalIgnoreCase);

    public TlsSipTransport(IPEndPoint bind, X509Certificate2? serverCertificate = null, ILogger? logger = null)
        : base(SipTransportKind.Tls, bind, logger) => _serverCertificate = serverCertificate;

    /// <summary>Validation policy for servers named <paramref name="serverName"/> (or for an IP literal); replaces any earlier one.</summary>
    public void SetClientOptions(string serverName, SipTlsClientOptions options) => _clientOptions[serverName] = options;

    /// <summary>Options used for a destination without a registered policy.</summary>
    public SipTlsClientOptions DefaultClientOptions { get; init; } = SipTlsClientOptions.Default;

    private protected override async Task<Stream> WrapClientAsync(NetworkStream stream, IPEndPoint remote, string? serverName, CancellationToken ct)
    {
        var key = serverName ?? remote.Address.ToString();
        var options = _clientOptions.TryGetValue(key, out var o) ? o : DefaultClientOptions;
        var target = options.ServerName ?? key;
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var auth = new SslClientAuthenticationOptions
        {
            TargetHost = target, // SNI (RFC 6066 §3) and the name checked against the certificate
            RemoteCertificateValidationCallback = (_, cert, chain, errors) => Validate(options, cert, errors, target),
            ClientCertificates = options.ClientCertificate is { } cc ? [cc] : null,
        };
        if (options.TrustedRoots is { Count: > 0 } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            auth.CertificateChainPolicy = policy;
        }
        try
        {
            await ssl.AuthenticateAsClientAsync(auth, ct).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    bool Validate(SipTlsClientOptions options, X509Certificate? cert, SslPolicyErrors errors, string target)
    {
        if (!options.ValidateCertificate) return true;
        if (options.PinnedCertificateSha256 is { } pin)
        {
            if (cert is null) return false;
            var actual = Convert.ToHexString(SHA256.HashData(cert.GetRawCertData()));
            bool match = actual.Equals(pin.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            if (!match) Log.LogWarning("TLS server {Target} presented certificate {Actual}, pinned {Pin}", target, actual, pin);
            return match;
        }
        if (errors != SslPolicyErrors.None) Log.LogWarning("TLS server {Target} certificate rejected: {Errors}", target, errors);
        return errors == SslPolicyErrors.None;
    }

    private protected override async Task<Stream> WrapServerAsync(NetworkStream stream, IPEndPoint remote, CancellationToken ct)
    {
        if (_serverCertificate is null) throw new AuthenticationException("no server certificate configured for inbound TLS");
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate }, ct).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
