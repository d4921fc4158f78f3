using System.Security.Cryptography;
using System.Text;

namespace Gateway.Sip.Auth;

/// <summary>Hash functions of RFC 7616 §3.2 / RFC 8760: MD5, SHA-256, SHA-512-256 and their -sess forms.</summary>
public static class DigestAlgorithm
{
    public const string Md5 = "MD5";
    public const string Md5Sess = "MD5-sess";
    public const string Sha256 = "SHA-256";
    public const string Sha256Sess = "SHA-256-sess";
    public const string Sha512_256 = "SHA-512-256";
    public const string Sha512_256Sess = "SHA-512-256-sess";

    public static bool IsSupported(string algorithm) => BaseName(algorithm) is not null;

    public static bool IsSession(string algorithm) => algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);

    static string? BaseName(string algorithm)
    {
        var b = IsSession(algorithm) ? algorithm[..^5] : algorithm;
        return b.ToUpperInvariant() switch { "MD5" => Md5, "SHA-256" => Sha256, "SHA-512-256" => Sha512_256, _ => null };
    }

    /// <summary>H(data) as lower-case hex (RFC 7616 §3.4.1).</summary>
    public static string Hash(string algorithm, string data)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        byte[] h = BaseName(algorithm) switch
        {
            Md5 => MD5.HashData(bytes),
            Sha256 => SHA256.HashData(bytes),
            Sha512_256 => Auth.Sha512_256.Hash(bytes),
            _ => throw new NotSupportedException($"Digest algorithm {algorithm} is not supported."),
        };
        return Convert.ToHexStringLower(h);
    }
}
