namespace Gateway.Campaigns.Dispatch;

/// <summary>What one dispatcher tick did (for tests, metrics and logs).</summary>
public sealed record TickResult(int CallsStarted, int Refused, int Rescheduled, int LeasesRecovered, int RetryBatchesRun, int Skipped);
