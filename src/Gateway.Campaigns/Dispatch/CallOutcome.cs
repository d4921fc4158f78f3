using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Dispatch;

/// <summary>What the call layer reports at the end of one call (mapped from Gateway.Calls.FaxCallOutcome by the host).</summary>
public sealed record CallOutcome
{
    public required FailureClass Failure { get; init; }

    /// <summary>Why, in words, for logs and the API.</summary>
    public required string Reason { get; init; }

    /// <summary>Final SIP status of the INVITE (200 once answered), 0 when none arrived.</summary>
    public int SipStatus { get; init; }

    /// <summary>True when a fax or a person answered (drives the never-answered cap).</summary>
    public bool Answered { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public FaxTransport Transport { get; init; }

    public int BitRate { get; init; }

    public bool Ecm { get; init; }

    /// <summary>Pages confirmed by MCF in this call, counted from the request's start page.</summary>
    public int PagesConfirmed { get; init; }

    /// <summary>Pages of the whole fax (0 if unknown).</summary>
    public int PagesTotal { get; init; }

    public string? RemoteIdent { get; init; }

    public string? T30Result { get; init; }
}
