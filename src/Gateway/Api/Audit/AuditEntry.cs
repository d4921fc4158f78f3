namespace Gateway.Api.Audit;

/// <summary>One line of the audit log: who did what, to what, from where, when, and how it ended. Stored and shown as is (<c>GET /api/v1/audit</c>).</summary>
/// <param name="Id">Sequence number, increasing in insertion order.</param>
/// <param name="At">When the request finished.</param>
/// <param name="ActorKeyId">The API key's id.</param>
/// <param name="ActorName">The API key's name at the time.</param>
/// <param name="Action">What was asked (<c>campaign.create</c>, <c>do-not-fax.remove</c>, ...).</param>
/// <param name="TargetId">The object acted on (campaign, document, key, retry batch id, or number), when known.</param>
/// <param name="ClientAddress">The TCP peer's address.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path (no query string).</param>
/// <param name="StatusCode">The HTTP status of the answer.</param>
/// <param name="Outcome">The answer's class.</param>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string ActorKeyId,
    string ActorName,
    string Action,
    string? TargetId,
    string? ClientAddress,
    string Method,
    string Path,
    int StatusCode,
    AuditOutcome Outcome);
