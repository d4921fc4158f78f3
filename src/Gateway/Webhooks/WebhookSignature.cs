using System.Security.Cryptography;
using System.Text;

namespace Gateway.Webhooks;

/// <summary>
/// Webhook signing. The signed content is <c>{eventId}.{unixSeconds}.{body}</c> and the signature is
/// <c>v1=</c> + lower-case hex HMAC-SHA256 (RFC 2104, FIPS 180-4) of it under the endpoint's secret. Binding
/// id and timestamp into the MAC lets a receiver reject replays (old timestamp, seen id).
/// </summary>
public static class WebhookSignature
{
    /// <summary>Header with the event id.</summary>
    public const string IdHeader = "Gateway-Webhook-Id";

    /// <summary>Header with the send time, Unix seconds.</summary>
    public const string TimestampHeader = "Gateway-Webhook-Timestamp";

    /// <summary>Header with <c>v1=&lt;hex&gt;</c>.</summary>
    public const string SignatureHeader = "Gateway-Webhook-Signature";

    /// <summary>Computes the header value.</summary>
    public static string Sign(string secret, string eventId, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{eventId}.{unixSeconds}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content, mac);
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Checks a header value in constant time.</summary>
    public static bool Verify(string secret, string eventId, long unixSeconds, ReadOnlySpan<byte> body, string header)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, eventId, unixSeconds, body));
        var given = Encoding.ASCII.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
