using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Cli;

/// <summary>
/// How the CLI trusts an HTTPS service: the system's CA store always, and in addition the certificates of the file
/// <c>--ca-cert PATH</c> (or <c>Cli:CaCertificatePath</c>) names, as extra trust anchors: a private CA, or the
/// service's self-signed certificate itself. The chain is then built to one of those anchors (custom root trust); the
/// host name is always checked (RFC 6125 via the platform) and there is no switch that accepts any certificate.
/// </summary>
public static class ApiTrust
{
    /// <summary>Reads the anchors: a PEM file with one or more <c>CERTIFICATE</c> blocks, or one DER certificate.</summary>
    /// <exception cref="UsageException">The file is missing or holds no certificate.</exception>
    public static X509Certificate2Collection LoadAnchors(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--ca-cert: no file '{path}'");
        }

        var anchors = new X509Certificate2Collection();
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (System.Text.Encoding.ASCII.GetString(bytes).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                anchors.ImportFromPemFile(path);
            }
            else
            {
                anchors.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (CryptographicException e)
        {
            throw new UsageException($"--ca-cert: '{path}' is not a PEM or DER certificate ({e.Message})");
        }

        if (anchors.Count == 0)
        {
            throw new UsageException($"--ca-cert: '{path}' holds no certificate");
        }

        return anchors;
    }

    /// <summary>The HTTP handler: platform validation, plus <paramref name="anchors"/> as extra roots when given.</summary>
    public static SocketsHttpHandler CreateHandler(X509Certificate2Collection? anchors)
    {
        var handler = new SocketsHttpHandler();
        if (anchors is { Count: > 0 })
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate as X509Certificate2, chain, errors, anchors),
            };
        }

        return handler;
    }

    /// <summary>
    /// Accepts what the platform accepts; otherwise only a chain error (never a name mismatch or a missing
    /// certificate) may be cured, by building the chain again with <paramref name="anchors"/> as the only roots.
    /// </summary>
    public static bool Validate(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection anchors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(anchors);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA rarely publishes revocation
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate); // intermediates the service sent
            }
        }

        return custom.Build(certificate);
    }
}
