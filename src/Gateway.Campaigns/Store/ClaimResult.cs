using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

/// <summary>Result of <see cref="IJobStore.TryClaimAsync"/>; <see cref="Attempt"/> is set when Claimed.</summary>
public sealed record ClaimResult(ClaimStatus Status, Attempt? Attempt = null, Job? Job = null);
