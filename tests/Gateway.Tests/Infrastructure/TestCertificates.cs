using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Tests.Infrastructure;

/// <summary>Self-signed server certificates made for a test (ECDSA P-256, serverAuth, valid for a day).</summary>
public static class TestCertificates
{
    /// <summary>A certificate for 127.0.0.1 (IP SAN), or only for <paramref name="dnsName"/> when given.</summary>
    public static X509Certificate2 SelfSigned(string subject = "CN=gateway.test", string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (dnsName is null)
        {
            san.AddIpAddress(IPAddress.Loopback);
        }
        else
        {
            san.AddDnsName(dnsName);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // id-kp-serverAuth
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
