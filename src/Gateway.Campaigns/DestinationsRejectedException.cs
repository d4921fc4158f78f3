using Gateway.Campaigns.Numbers;

namespace Gateway.Campaigns;

/// <summary>An upload had bad lines; nothing of it was stored. Each error names its line and field.</summary>
public sealed class DestinationsRejectedException(IReadOnlyList<DestinationError> errors)
    : CampaignException($"{errors.Count} destination(s) rejected, nothing added; first: {errors[0]}")
{
    public IReadOnlyList<DestinationError> Errors { get; } = errors;
}
