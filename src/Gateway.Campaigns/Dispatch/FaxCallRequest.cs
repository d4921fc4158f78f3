using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Dispatch;

/// <summary>Everything one call needs: who to call, what to send, from which page, as whom.</summary>
/// <param name="StartPage">0-based first page to send (T.30 resume after a partial send).</param>
/// <param name="AttemptNumber">1-based attempt number of this job.</param>
/// <param name="CallProfile">The campaign trunk; the host maps it to call settings (timeouts, T.38 policy).</param>
public sealed record FaxCallRequest(
    Guid CampaignId,
    Guid JobId,
    Guid AttemptId,
    string Number,
    SenderIdentity Sender,
    IReadOnlyList<DocumentRef> Documents,
    string? PromptRef,
    int StartPage,
    int AttemptNumber,
    string CallProfile);
