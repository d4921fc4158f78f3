using System.Security.Authentication;
using System.Security.Cryptography;
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
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return null;
        }

        var path = Path.GetFullPath(options.CertificatePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Https:CertificatePath: no file at {path}");
        }

        var keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? null : Path.GetFullPath(options.KeyPath);
        if (keyPath is not null && !File.Exists(keyPath))
        {
            throw new InvalidOperationException($"Https:KeyPath: no file at {keyPath}");
        }

        X509Certificate2 cert;
        try
        {
            cert = IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet)
                : string.IsNullOrEmpty(options.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, keyPath);
        }
        catch (CryptographicException e)
        {
            // The provider's message says what failed (bad password, no key in the file); it never holds the password.
            throw new InvalidOperationException($"Https:CertificatePath {path}: cannot read the certificate and its key (check Https:KeyPath and Https:CertificatePassword): {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Https:CertificatePath {path}: not a PEM certificate with a private key: {e.Message}", e);
        }

        if (!cert.HasPrivateKey)
        {
            cert.Dispose();
            throw new InvalidOperationException($"Https:CertificatePath {path}: the certificate has no private key (set Https:KeyPath)");
        }

        return cert;
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

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
}
