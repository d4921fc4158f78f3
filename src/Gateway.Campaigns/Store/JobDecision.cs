using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

/// <summary>What happens to a job after an attempt: made by <see cref="Scheduling.RetryPlanner"/>, applied by the store.</summary>
/// <param name="State">Pending (retry), Succeeded, Failed or Refused.</param>
/// <param name="NextAttemptAt">When Pending: the retry time (already moved into a call window).</param>
/// <param name="ResumePage">0-based first unconfirmed page after this attempt.</param>
/// <param name="Counted">False when the attempt does not count against the retry budget.</param>
/// <param name="Note">Why the job ends here (e.g. "busy retries exhausted"), stored as its last reason.</param>
public sealed record JobDecision(JobState State, DateTimeOffset? NextAttemptAt, int ResumePage, bool Counted = true, string? Note = null);
