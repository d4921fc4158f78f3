namespace Gateway.Campaigns.Scheduling;

/// <summary>What one tick should do: claim these (in order) and move these to their next window opening.</summary>
public sealed record DispatchPlan(IReadOnlyList<PlannedCall> Calls, IReadOnlyList<(Guid JobId, DateTimeOffset At)> Reschedules);
