using Gateway.Api.Audit;

namespace Gateway.Api.Views;

/// <summary>An audit log entry as the API shows it.</summary>
public sealed record AuditEntryView(
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
    AuditOutcome Outcome)
{
    /// <summary>The view of a stored entry.</summary>
    public static AuditEntryView From(AuditEntry e) => new(
        e.Id, e.At, e.ActorKeyId, e.ActorName, e.Action, e.TargetId, e.ClientAddress, e.Method, e.Path, e.StatusCode, e.Outcome);
}
