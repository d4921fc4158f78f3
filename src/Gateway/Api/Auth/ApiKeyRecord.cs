namespace Gateway.Api.Auth;

/// <summary>A stored API key: the hash of the secret, never the secret itself.</summary>
/// <param name="Id">Stable id (used in URLs and as the idempotency owner).</param>
/// <param name="Name">Operator-chosen label.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Prefix">The first characters of the key, to recognize it in listings.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="RevokedAt">Revocation time, or null while valid.</param>
public sealed record ApiKeyRecord(string Id, string Name, ApiRole Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
