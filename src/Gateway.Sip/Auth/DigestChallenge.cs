using Gateway.Sip.Headers;

namespace Gateway.Sip.Auth;

/// <summary>A parsed <c>Digest</c> challenge from WWW-Authenticate or Proxy-Authenticate (RFC 3261 §22.4, RFC 7616 §3.3).</summary>
public sealed record DigestChallenge(string Realm, string Nonce, string Algorithm, string? Opaque, IReadOnlyList<string> Qop, bool Stale)
{
    public static bool TryParse(string value, out DigestChallenge? challenge)
    {
        challenge = null;
        var v = value.AsSpan().Trim();
        if (!v.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || v.Length < 7 || !(v[6] is ' ' or '\t')) return false;
        var parts = HeaderText.SplitList(v[7..].ToString());
        if (parts is null) return false;
        string? realm = null, nonce = null, opaque = null, algorithm = null, qop = null;
        bool stale = false;
        foreach (var p in parts)
        {
            int eq = p.IndexOf('=');
            if (eq <= 0) return false;
            var name = p[..eq].Trim().ToLowerInvariant();
            var val = HeaderText.Unquote(p[(eq + 1)..].Trim());
            switch (name)
            {
                case "realm": realm = val; break;
                case "nonce": nonce = val; break;
                case "opaque": opaque = val; break;
                case "algorithm": algorithm = val; break;
                case "qop": qop = val; break;
                case "stale": stale = val.Equals("true", StringComparison.OrdinalIgnoreCase); break;
            }
        }
        if (realm is null || nonce is null) return false;
        var qops = qop is null ? [] : qop.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        challenge = new DigestChallenge(realm, nonce, algorithm ?? "MD5", opaque, qops, stale);
        return true;
    }

    public bool IsSupported => DigestAlgorithm.IsSupported(Algorithm) && (Qop.Count == 0 || Qop.Contains("auth", StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The topmost challenge we can answer (RFC 8760 §2.4: challenges are listed in order of
    /// preference; answer one, never several).
    /// </summary>
    public static DigestChallenge? SelectSupported(IEnumerable<string> headerValues)
    {
        foreach (var h in headerValues)
            if (TryParse(h, out var c) && c!.IsSupported) return c;
        return null;
    }
}
