using Gateway.Campaigns.Numbers;

namespace Gateway.Campaigns;

/// <summary>A do-not-fax import with bad entries; every one is listed and nothing was added.</summary>
public sealed class DoNotFaxRejectedException(IReadOnlyList<DestinationError> errors)
    : CampaignException($"{errors.Count} do-not-fax entr{(errors.Count == 1 ? "y" : "ies")} rejected, nothing added; first: {errors[0]}")
{
    public IReadOnlyList<DestinationError> Errors { get; } = errors;
}
