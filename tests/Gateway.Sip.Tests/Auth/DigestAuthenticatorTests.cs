using System.Security.Cryptography;
using Gateway.Sip.Auth;

namespace Gateway.Sip.Tests.Auth;

public class DigestAuthenticatorTests
{
    // RFC 7616 §3.9.1 example values.
    const string Challenge = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={0}, " +
        "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    static readonly DigestCredentials Mufasa = new("Mufasa", "Circle of Life");
    const string CNonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Computes_the_rfc7616_example_responses(string algorithm, string expected)
    {
        Assert.True(DigestChallenge.TryParse(string.Format(null, Challenge, algorithm), out var ch));
        var value = DigestAuthenticator.Compute(Mufasa, ch!, "GET", "/dir/index.html", 1, CNonce);
        Assert.Contains($"response=\"{expected}\"", value);
        Assert.Contains("qop=auth, nc=00000001, cnonce=\"" + CNonce + "\"", value);
        Assert.Contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"", value);
    }

    [Fact]
    public void Sha512_256_matches_the_fips_180_4_example_and_sha512_core_matches_dotnet()
    {
        Assert.Equal("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23", Convert.ToHexStringLower(Sha512_256.Hash("abc"u8)));
        var data = new byte[300];
        new Random(5).NextBytes(data);
        for (int len = 0; len < 300; len += 37)
            Assert.Equal(SHA512.HashData(data.AsSpan(0, len)), Sha512_256.Sha512(data.AsSpan(0, len), Sha512_256.Sha512Iv));
    }

    [Fact]
    public void Session_variant_hashes_ha1_with_nonce_and_cnonce()
    {
        Assert.True(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256-sess, qop=\"auth\"", out var ch));
        var ha1 = DigestAlgorithm.Hash("SHA-512-256", "u:r:p");
        var sessHa1 = DigestAlgorithm.Hash("SHA-512-256", $"{ha1}:n:c");
        var ha2 = DigestAlgorithm.Hash("SHA-512-256", "INVITE:sip:b@h");
        var expected = DigestAlgorithm.Hash("SHA-512-256", $"{sessHa1}:n:00000001:c:auth:{ha2}");
        Assert.Contains($"response=\"{expected}\"", DigestAuthenticator.Compute(new("u", "p"), ch!, "INVITE", "sip:b@h", 1, "c"));
    }

    [Fact]
    public void Without_qop_uses_the_rfc2069_form()
    {
        Assert.True(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\"", out var ch));
        var expected = DigestAlgorithm.Hash("MD5", DigestAlgorithm.Hash("MD5", "u:r:p") + ":n:" + DigestAlgorithm.Hash("MD5", "BYE:sip:b@h"));
        var v = DigestAuthenticator.Compute(new("u", "p"), ch!, "BYE", "sip:b@h", 1, "c");
        Assert.Contains($"response=\"{expected}\"", v);
        Assert.DoesNotContain("nc=", v);
    }

    [Fact]
    public void Nonce_count_increments_on_reuse_and_resets_on_new_nonce()
    {
        var auth = new DigestAuthenticator(new("u", "p"));
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"", out var c1);
        auth.Accept(c1!);
        Assert.Contains("nc=00000001", auth.CreateAuthorization("r", "INVITE", "sip:x@y"));
        Assert.Contains("nc=00000002", auth.CreateAuthorization("r", "BYE", "sip:x@y"));
        auth.Accept(c1!);
        Assert.Contains("nc=00000003", auth.CreateAuthorization("r", "BYE", "sip:x@y"));
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n2\", qop=\"auth\", stale=true", out var c2);
        Assert.True(c2!.Stale);
        auth.Accept(c2);
        Assert.Contains("nc=00000001", auth.CreateAuthorization("r", "BYE", "sip:x@y"));
        Assert.Null(auth.CreateAuthorization("other", "BYE", "sip:x@y"));
    }

    [Fact]
    public void Selects_the_topmost_supported_challenge()
    {
        var c = DigestChallenge.SelectSupported([
            "Digest realm=\"r\", nonce=\"a\", algorithm=SHA-1",
            "Digest realm=\"r\", nonce=\"b\", algorithm=SHA-256, qop=\"auth-int\"",
            "Digest realm=\"r\", nonce=\"c\", algorithm=SHA-256",
            "Digest realm=\"r\", nonce=\"d\", algorithm=MD5",
        ]);
        Assert.Equal("c", c!.Nonce);
        Assert.False(DigestChallenge.TryParse("Basic realm=\"x\"", out _));
    }
}
