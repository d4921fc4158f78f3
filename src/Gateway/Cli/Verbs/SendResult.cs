using System.Text.Json.Serialization;

namespace Gateway.Cli.Verbs;

/// <summary>What <c>gateway send --result PATH</c> writes (docs/cli.md lists every field).</summary>
public sealed record SendResult
{
    /// <summary><c>Succeeded</c> or the failure class.</summary>
    [JsonPropertyName("outcome")] public required string Outcome { get; init; }

    /// <summary>Why the call ended, in words.</summary>
    [JsonPropertyName("reason")] public required string Reason { get; init; }

    /// <summary>The dialed number in E.164.</summary>
    [JsonPropertyName("to")] public required string To { get; init; }

    /// <summary>fax, person, machine, silence or none.</summary>
    [JsonPropertyName("answeredBy")] public required string AnsweredBy { get; init; }

    /// <summary>Final SIP status of the INVITE (0 when none arrived).</summary>
    [JsonPropertyName("sipStatus")] public int SipStatus { get; init; }

    /// <summary>t38, g711 or none.</summary>
    [JsonPropertyName("transport")] public required string Transport { get; init; }

    /// <summary>Image data rate in bit/s.</summary>
    [JsonPropertyName("bitRate")] public int BitRate { get; init; }

    /// <summary>Whether ECM was used.</summary>
    [JsonPropertyName("ecm")] public bool Ecm { get; init; }

    /// <summary>Pages the far end confirmed (MCF).</summary>
    [JsonPropertyName("pagesConfirmed")] public int PagesConfirmed { get; init; }

    /// <summary>Pages in the document.</summary>
    [JsonPropertyName("pagesTotal")] public int PagesTotal { get; init; }

    /// <summary>The far end's CSI, if it sent one.</summary>
    [JsonPropertyName("remoteIdent")] public string? RemoteIdent { get; init; }

    /// <summary>T.30 completion code, if T.30 ran.</summary>
    [JsonPropertyName("t30Result")] public string? T30Result { get; init; }

    /// <summary>When dialing started (UTC).</summary>
    [JsonPropertyName("startedAt")] public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the far end answered, if it did.</summary>
    [JsonPropertyName("answeredAt")] public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>When the call ended.</summary>
    [JsonPropertyName("endedAt")] public DateTimeOffset EndedAt { get; init; }

    /// <summary>Call length in seconds.</summary>
    [JsonPropertyName("durationSeconds")] public double DurationSeconds { get; init; }

    /// <summary>Time spent in each call state, in order.</summary>
    [JsonPropertyName("states")] public IReadOnlyList<SendStateTiming> States { get; init; } = [];
}
