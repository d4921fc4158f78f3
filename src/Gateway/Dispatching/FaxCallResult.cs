using Gateway.Engine;

namespace Gateway.Dispatching;

/// <summary>A call's outcome.</summary>
/// <param name="Outcome">Failure class (or Succeeded).</param>
/// <param name="SipStatus">Final SIP status of the INVITE, if any.</param>
/// <param name="PagesConfirmed">Pages the far end confirmed.</param>
/// <param name="Transport">t38, g711, or scripted.</param>
/// <param name="Rate">Bit rate of the last page.</param>
/// <param name="RemoteIdent">The far end's CSI.</param>
/// <param name="AnsweredAt">When the call was answered.</param>
/// <param name="Detail">Free text for operators.</param>
public sealed record FaxCallResult(FailureClass Outcome, int? SipStatus, int PagesConfirmed, string? Transport, int? Rate,
    string? RemoteIdent, DateTimeOffset? AnsweredAt, string? Detail);
