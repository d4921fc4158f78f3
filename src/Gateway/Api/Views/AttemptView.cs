using Gateway.Campaigns.Domain;

namespace Gateway.Api.Views;

/// <summary>One attempt of a fax.</summary>
/// <param name="Number">1-based attempt number.</param>
/// <param name="State">Lease state: leased, faxConfirmed, completed, expired (node lost, recovered), released (handed back at a stop, not counted).</param>
/// <param name="FaxConfirmed">Every page was confirmed by the far end (T.30 MCF after the last page).</param>
public sealed record AttemptView(
    int Number,
    Guid Id,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    int SipStatus,
    int StartPage,
    int PagesConfirmed,
    int PagesTotal,
    bool FaxConfirmed,
    string Transport,
    int Rate,
    bool Ecm,
    string? RemoteIdent,
    string Node,
    string Trunk,
    string? Detail)
{
    /// <summary>From a stored attempt.</summary>
    public static AttemptView From(Attempt a) => new(
        a.Sequence, a.Id, ApiJson.EnumName(a.State), a.StartedAt, a.AnsweredAt, a.EndedAt, a.Outcome is { } o ? ApiJson.EnumName(o) : null,
        a.SipStatus, a.StartPage, a.PagesConfirmed, a.PagesTotal, a.State == AttemptState.FaxConfirmed || a.Outcome == FailureClass.Succeeded,
        ApiJson.EnumName(a.Transport), a.BitRate, a.Ecm, a.RemoteIdent, a.NodeId, a.Trunk, a.Reason);
}
