namespace Gateway.Api.Audit;

/// <summary>Filters of an audit log read; null means "any". Results are newest first.</summary>
public sealed record AuditQuery
{
    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The key's name or id.</summary>
    public string? Actor { get; init; }

    /// <summary>Exact action name.</summary>
    public string? Action { get; init; }

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Most rows to return.</summary>
    public int Limit { get; init; } = 50;
}
