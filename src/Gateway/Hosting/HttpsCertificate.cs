using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Hosting;

/// <summary>
/// Loads the REST API's server certificate from <see cref="HttpsOptions"/> and applies it to Kestrel's
/// <c>https://</c> addresses with TLS 1.2 or 1.3 only. A setting that cannot work stops the service at start with a
/// message naming the setting (never the password): an https address without a certificate, a certificate without
/// an https address, a file that is missing or unreadable, a certificate without its private key.
/// </summary>
public static class HttpsCertificate
{
    /// <summary>Reads the certificate, or null when none is configured.</summary>
    public static X509Certificate2? Load(HttpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CertificateFile.Load(options.CertificatePath, options.KeyPath, options.CertificatePassword, "Https:CertificatePath", "Https:KeyPath", "Https:CertificatePassword");
    }

    /// <summary>Gives Kestrel the certificate (TLS 1.2 and 1.3 only) for every https address.</summary>
    public static void Apply(KestrelServerOptions kestrel, X509Certificate2? certificate)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        if (certificate is null)
        {
            return;
        }

        kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        });
    }

    /// <summary>Fails when the <c>urls</c> setting and the certificate do not fit together.</summary>
    public static void CheckAddresses(string? urls, X509Certificate2? certificate)
    {
        var https = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (https && certificate is null)
        {
            throw new InvalidOperationException("Urls has an https:// address but no certificate is configured: set Https:CertificatePath (and Https:KeyPath, Https:CertificatePassword)");
        }

        if (!https && certificate is not null)
        {
            throw new InvalidOperationException("Https:CertificatePath is set but Urls has no https:// address: add one (e.g. --urls https://0.0.0.0:8443)");
        }
    }

}
