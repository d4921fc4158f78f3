namespace Gateway.Campaigns.Domain;

/// <summary>One call (or one refusal) for a job.</summary>
public sealed record Attempt
{
    public required Guid Id { get; init; }

    public required Guid JobId { get; init; }

    public required Guid CampaignId { get; init; }

    /// <summary>1-based order among the job's attempts.</summary>
    public required int Sequence { get; init; }

    public required string Number { get; init; }

    public required string Trunk { get; init; }

    public required AttemptState State { get; init; }

    /// <summary>The node holding (or that held) the lease.</summary>
    public required string NodeId { get; init; }

    public required DateTimeOffset LeaseExpiresAt { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public FailureClass? Outcome { get; init; }

    /// <summary>Final SIP status of the INVITE, 0 when none.</summary>
    public int SipStatus { get; init; }

    /// <summary>0-based page this attempt started at.</summary>
    public int StartPage { get; init; }

    /// <summary>Pages confirmed by MCF in this attempt, counted from <see cref="StartPage"/>.</summary>
    public int PagesConfirmed { get; init; }

    /// <summary>Pages of the whole fax (0 until the call layer reports it).</summary>
    public int PagesTotal { get; init; }

    public FaxTransport Transport { get; init; }

    public int BitRate { get; init; }

    public bool Ecm { get; init; }

    /// <summary>The far end's CSI (T.30 §5.3.6.2.4).</summary>
    public string? RemoteIdent { get; init; }

    public string? Reason { get; init; }
}
