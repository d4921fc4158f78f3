using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Hosting;

/// <summary>
/// A server certificate with its private key from configuration (the REST API's <c>Https</c>, SIP's inbound TLS):
/// PKCS#12 (<c>.pfx</c>, <c>.p12</c>) or PEM, with the key in the same file or its own, plain or encrypted. Every
/// setting that cannot work is an error naming the setting (never the password).
/// </summary>
public static class CertificateFile
{
    /// <summary>Reads the certificate, or null when <paramref name="certificatePath"/> is empty.</summary>
    public static X509Certificate2? Load(string? certificatePath, string? keyPath, string? password, string pathSetting, string keySetting, string passwordSetting)
    {
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            return null;
        }

        var path = Path.GetFullPath(certificatePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{pathSetting}: no file at {path}");
        }

        var key = string.IsNullOrWhiteSpace(keyPath) ? null : Path.GetFullPath(keyPath);
        if (key is not null && !File.Exists(key))
        {
            throw new InvalidOperationException($"{keySetting}: no file at {key}");
        }

        X509Certificate2 cert;
        try
        {
            cert = IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet)
                : string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path, key)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, key);
        }
        catch (CryptographicException e)
        {
            // The provider's message says what failed (bad password, no key in the file); it never holds the password.
            throw new InvalidOperationException($"{pathSetting} {path}: cannot read the certificate and its key (check {keySetting} and {passwordSetting}): {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{pathSetting} {path}: not a PEM certificate with a private key: {e.Message}", e);
        }

        if (!cert.HasPrivateKey)
        {
            cert.Dispose();
            throw new InvalidOperationException($"{pathSetting} {path}: the certificate has no private key (set {keySetting})");
        }

        return cert;
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
}
