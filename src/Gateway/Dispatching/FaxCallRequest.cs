using Gateway.Engine;

namespace Gateway.Dispatching;

/// <summary>One call to place.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="JobId">Job (destination).</param>
/// <param name="AttemptId">This attempt.</param>
/// <param name="AttemptNumber">1 for the first attempt of the job.</param>
/// <param name="Number">E.164 destination.</param>
/// <param name="DocumentIds">Documents to send, in order.</param>
/// <param name="Sender">Sender identity.</param>
/// <param name="PromptRef">Voice prompt reference.</param>
/// <param name="ResumeFromPage">First page to send (after a partial send).</param>
public sealed record FaxCallRequest(string CampaignId, string JobId, string AttemptId, int AttemptNumber, string Number,
    IReadOnlyList<string> DocumentIds, SenderSpec? Sender, string? PromptRef, int ResumeFromPage);
