using System.Security.Cryptography;
using System.Text;
using Gateway.Webhooks;

namespace Gateway.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Signature_is_hmac_sha256_over_id_timestamp_and_body()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"fax.succeeded\"}");
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes("evt_1.1700000000.{\"type\":\"fax.succeeded\"}")));
        Assert.Equal("v1=" + expected, WebhookSignature.Sign("s3cret", "evt_1", 1700000000, body));
    }

    [Fact]
    public void Verify_rejects_a_changed_body_id_timestamp_or_secret()
    {
        var body = "{}"u8.ToArray();
        var sig = WebhookSignature.Sign("k", "evt", 5, body);
        Assert.True(WebhookSignature.Verify("k", "evt", 5, body, sig));
        Assert.False(WebhookSignature.Verify("k", "evt", 5, "{ }"u8, sig));
        Assert.False(WebhookSignature.Verify("k", "evt2", 5, body, sig));
        Assert.False(WebhookSignature.Verify("k", "evt", 6, body, sig));
        Assert.False(WebhookSignature.Verify("k2", "evt", 5, body, sig));
    }
}
