using Gateway.Campaigns.Dispatch;
using CallFailure = Gateway.Calls.FailureClass;
using CallTransport = Gateway.Calls.FaxTransport;
using CampaignFailure = Gateway.Campaigns.Domain.FailureClass;
using CampaignTransport = Gateway.Campaigns.Domain.FaxTransport;

namespace Gateway.Telephony;

/// <summary>
/// A call's outcome in the campaign engine's words. The two layers keep their own enums on purpose
/// (ARCHITECTURE.md: a call knows nothing of campaigns); this is the one place they meet.
/// </summary>
public static class CallOutcomeMapping
{
    /// <summary>Maps a call outcome; <paramref name="pagesTotal"/> is the whole document's page count.</summary>
    public static CallOutcome ToCampaign(Gateway.Calls.FaxCallOutcome outcome, int pagesTotal) => new()
    {
        Failure = ToCampaign(outcome.Failure),
        Reason = outcome.Reason,
        SipStatus = outcome.SipStatus,
        Answered = outcome.AnsweredAt is not null,
        AnsweredAt = outcome.AnsweredAt,
        Transport = outcome.Transport switch
        {
            CallTransport.T38 => CampaignTransport.T38,
            CallTransport.G711 => CampaignTransport.G711,
            _ => CampaignTransport.None,
        },
        BitRate = outcome.BitRate,
        Ecm = outcome.Ecm,
        PagesConfirmed = outcome.PagesConfirmed,
        PagesTotal = pagesTotal,
        RemoteIdent = outcome.RemoteIdent,
        T30Result = outcome.T30Result,
    };

    /// <summary>The campaign engine's failure class for a call's.</summary>
    public static CampaignFailure ToCampaign(CallFailure failure) => failure switch
    {
        CallFailure.Succeeded => CampaignFailure.Succeeded,
        CallFailure.Busy => CampaignFailure.Busy,
        CallFailure.NoAnswer => CampaignFailure.NoAnswer,
        CallFailure.Rejected => CampaignFailure.Rejected,
        CallFailure.NetworkError => CampaignFailure.NetworkError,
        CallFailure.NoReply => CampaignFailure.NoReply,
        CallFailure.NotAFax => CampaignFailure.NotAFax,
        CallFailure.NegotiationFailed => CampaignFailure.NegotiationFailed,
        CallFailure.PartialSend => CampaignFailure.PartialSend,
        CallFailure.Refused => CampaignFailure.Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "unmapped failure class"),
    };
}
