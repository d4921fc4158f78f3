using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Sip.Headers;

namespace Gateway.Sip.Auth;

/// <summary>
/// Answers digest challenges (RFC 3261 §22.2, RFC 7616 §3.4, RFC 8760) and remembers the nonce per
/// realm so that nc counts up while a nonce is reused (RFC 7616 §3.4: nc is the number of requests
/// sent with that nonce). One instance per dialog or per trunk registration.
/// </summary>
public sealed class DigestAuthenticator(DigestCredentials credentials)
{
    readonly Dictionary<string, (DigestChallenge Challenge, int Count, string CNonce)> _state = new(StringComparer.Ordinal);

    /// <summary>Remembers a challenge; a new nonce (or stale=true) resets nc to 0.</summary>
    public void Accept(DigestChallenge challenge)
    {
        if (!_state.TryGetValue(challenge.Realm, out var s) || s.Challenge.Nonce != challenge.Nonce)
            _state[challenge.Realm] = (challenge, 0, NewCNonce());
    }

    /// <summary>The Authorization / Proxy-Authorization value for one request, or null without a challenge for the realm.</summary>
    public string? CreateAuthorization(string realm, string method, string digestUri, string? cnonce = null)
    {
        if (!_state.TryGetValue(realm, out var s)) return null;
        s.Count++;
        if (cnonce is not null) s.CNonce = cnonce;
        _state[realm] = s;
        return Compute(credentials, s.Challenge, method, digestUri, s.Count, s.CNonce);
    }

    public IEnumerable<string> Realms => _state.Keys;

    /// <summary>The header value for one request (RFC 7616 §3.4). Exposed for tests with fixed cnonce.</summary>
    public static string Compute(DigestCredentials cred, DigestChallenge ch, string method, string uri, int nc, string cnonce)
    {
        string alg = ch.Algorithm;
        bool qopAuth = ch.Qop.Contains("auth", StringComparer.OrdinalIgnoreCase);
        string ncText = nc.ToString("x8", CultureInfo.InvariantCulture);
        string ha1 = DigestAlgorithm.Hash(alg, $"{cred.UserName}:{ch.Realm}:{cred.Password}");
        if (DigestAlgorithm.IsSession(alg)) ha1 = DigestAlgorithm.Hash(alg, $"{ha1}:{ch.Nonce}:{cnonce}");
        string ha2 = DigestAlgorithm.Hash(alg, $"{method}:{uri}");
        string response = qopAuth
            ? DigestAlgorithm.Hash(alg, $"{ha1}:{ch.Nonce}:{ncText}:{cnonce}:auth:{ha2}")
            : DigestAlgorithm.Hash(alg, $"{ha1}:{ch.Nonce}:{ha2}");
        var sb = new StringBuilder(256);
        sb.Append("Digest username=").Append(HeaderText.Quote(cred.UserName))
          .Append(", realm=").Append(HeaderText.Quote(ch.Realm))
          .Append(", nonce=").Append(HeaderText.Quote(ch.Nonce))
          .Append(", uri=").Append(HeaderText.Quote(uri))
          .Append(", response=\"").Append(response).Append('"')
          .Append(", algorithm=").Append(alg);
        if (ch.Opaque is not null) sb.Append(", opaque=").Append(HeaderText.Quote(ch.Opaque));
        if (qopAuth) sb.Append(", qop=auth, nc=").Append(ncText).Append(", cnonce=\"").Append(cnonce).Append('"');
        return sb.ToString();
    }

    static string NewCNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
