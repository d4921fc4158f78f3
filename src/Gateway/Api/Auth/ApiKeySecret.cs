using System.Security.Cryptography;
using System.Text;

namespace Gateway.Api.Auth;

/// <summary>Makes new keys (32 random bytes, base64url, prefixed <c>gwk_</c>) and hashes keys for storage.</summary>
public static class ApiKeySecret
{
    /// <summary>Shortest key accepted, also for <c>Api:BootstrapAdminKey</c>.</summary>
    public const int MinimumLength = 20;

    /// <summary>A new random key.</summary>
    public static string Generate() => "gwk_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 key: what the store keeps.</summary>
    public static string Hash(string key)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The part of the key shown in listings.</summary>
    public static string Prefix(string key) => key.Length <= 8 ? key : key[..8];

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
