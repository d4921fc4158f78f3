namespace Gateway.Sip.Auth;

/// <summary>User name and password for digest authentication (RFC 3261 §22.2); the realm may restrict where they apply.</summary>
public sealed record DigestCredentials(string UserName, string Password, string? Realm = null);
