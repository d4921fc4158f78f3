namespace Gateway.Api.Audit;

/// <summary>How an audited request ended, from its HTTP status.</summary>
public enum AuditOutcome
{
    /// <summary>2xx: the action was done.</summary>
    Succeeded = 1,

    /// <summary>2xx replayed from an earlier request with the same Idempotency-Key: nothing was done again.</summary>
    Replayed = 2,

    /// <summary>403: the key's role may not do this.</summary>
    Denied = 3,

    /// <summary>Any other 4xx: bad input, unknown target, wrong state; nothing was changed.</summary>
    Rejected = 4,

    /// <summary>5xx or an exception: the server failed.</summary>
    Failed = 5,
}
