namespace Gateway.Campaigns.Domain;

/// <summary>Lease state of an attempt (docs/store.md "Job and lease state machine").</summary>
public enum AttemptState
{
    /// <summary>Claimed by a node; its lease must be renewed before it expires.</summary>
    Leased,

    /// <summary>Still leased, and the last page got MCF: the fax is delivered whatever happens next.</summary>
    FaxConfirmed,

    /// <summary>Terminal: the call layer reported its outcome.</summary>
    Completed,

    /// <summary>Terminal: the lease expired (node lost); recovered by another node.</summary>
    Expired,

    /// <summary>Terminal: given back by a stopping node; not counted as an attempt.</summary>
    Released,
}
