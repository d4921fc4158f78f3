namespace Gateway.Api.Audit;

/// <summary>
/// Endpoint metadata: a request to this endpoint by an authenticated key is written to the audit log as
/// <paramref name="Action"/> (e.g. <c>campaign.start</c>), whatever its outcome.
/// </summary>
/// <param name="Action">The action name recorded and filtered on (docs/api.md lists them).</param>
public sealed record AuditedAction(string Action);
