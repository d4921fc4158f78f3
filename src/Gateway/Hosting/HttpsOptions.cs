namespace Gateway.Hosting;

/// <summary>
/// Configuration section <c>Https</c>: the certificate of the REST API's <c>https://</c> addresses (given in
/// <c>Urls</c>/<c>--urls</c>, like the <c>http://</c> ones; leave http out to serve HTTPS only).
/// </summary>
public sealed class HttpsOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Https";

    /// <summary>A PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or a PEM certificate (chain) file; empty = no HTTPS.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The PEM private key file; empty when the key is in <see cref="CertificatePath"/> (PEM) or for PKCS#12.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>The PKCS#12 password, or the password of an encrypted PEM key (PKCS#8); put it in the environment.</summary>
    public string CertificatePassword { get; set; } = "";
}
