using Gateway.Telephony;
using CallFailure = Gateway.Calls.FailureClass;
using CampaignFailure = Gateway.Campaigns.Domain.FailureClass;

namespace Gateway.Tests.Telephony;

public sealed class CallOutcomeMappingTests
{
    [Fact]
    public void Every_call_failure_class_maps_to_the_campaign_class_of_the_same_name()
    {
        foreach (CallFailure failure in Enum.GetValues<CallFailure>())
        {
            Assert.Equal(failure.ToString(), CallOutcomeMapping.ToCampaign(failure).ToString());
        }

        Assert.Equal(Enum.GetValues<CallFailure>().Length, Enum.GetValues<CampaignFailure>().Length);
    }

    [Fact]
    public void Outcome_keeps_the_call_figures_and_takes_the_document_total()
    {
        var answered = DateTimeOffset.Parse("2026-11-28T10:00:00Z");
        var outcome = CallOutcomeMapping.ToCampaign(
            new Gateway.Calls.FaxCallOutcome
            {
                Failure = CallFailure.PartialSend,
                Reason = "far end hung up",
                SipStatus = 200,
                Transport = Gateway.Calls.FaxTransport.T38,
                BitRate = 9600,
                Ecm = true,
                PagesConfirmed = 2,
                PagesTotal = 3,
                RemoteIdent = "OFFICE",
                AnsweredAt = answered,
            },
            pagesTotal: 5);

        Assert.Equal(CampaignFailure.PartialSend, outcome.Failure);
        Assert.True(outcome.Answered);
        Assert.Equal(answered, outcome.AnsweredAt);
        Assert.Equal(Gateway.Campaigns.Domain.FaxTransport.T38, outcome.Transport);
        Assert.Equal((2, 5, 9600, "OFFICE"), (outcome.PagesConfirmed, outcome.PagesTotal, outcome.BitRate, outcome.RemoteIdent));
    }
}
