namespace Gateway.Calls;

/// <summary>The single result of one call attempt.</summary>
public sealed record FaxCallOutcome
{
    public required FailureClass Failure { get; init; }

    public AnsweredBy AnsweredBy { get; init; }

    /// <summary>The final SIP status of the INVITE (200 once answered), or 0 when none arrived.</summary>
    public int SipStatus { get; init; }

    public FaxTransport Transport { get; init; }

    public int BitRate { get; init; }

    public bool Ecm { get; init; }

    /// <summary>Pages confirmed in this call, counted from the page the call started at.</summary>
    public int PagesConfirmed { get; init; }

    /// <summary>Pages this call set out to send (the document's total minus a resumed start).</summary>
    public int PagesTotal { get; init; }

    public string? RemoteIdent { get; init; }

    /// <summary>T.30 completion code and text, when T.30 ran.</summary>
    public string? T30Result { get; init; }

    /// <summary>Why, in words, for logs and the API.</summary>
    public required string Reason { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    /// <summary>The debugging capture's files (pcap, WAV) when one was kept; empty otherwise.</summary>
    public IReadOnlyList<string> CaptureFiles { get; init; } = [];

    /// <summary>Time spent in each state, in the order they were entered.</summary>
    public IReadOnlyList<FaxCallStateTiming> Timings { get; init; } = [];
}
