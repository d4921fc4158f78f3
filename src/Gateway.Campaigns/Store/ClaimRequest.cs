namespace Gateway.Campaigns.Store;

/// <summary>
/// Claim one due job for a call. The store checks, in one transaction: the job is Pending, due and its campaign
/// Active (and not locked by another node: FOR UPDATE SKIP LOCKED); the number is on no do-not-fax entry, in no
/// other call, called no sooner than <see cref="MinIntervalPerNumber"/> ago and fewer than
/// <see cref="DailyCapPerNumber"/> times on <see cref="LocalDay"/>; the trunk has a free channel and, over all nodes,
/// has not started more than <see cref="TrunkCallsPerSecond"/> calls per second (bursts up to its ceiling).
/// </summary>
/// <param name="LocalDay">The destination's local date (the daily cap counts per local day).</param>
/// <param name="TrunkCallsPerSecond">The trunk's call starts per second over all nodes; 0 = not limited in the store.</param>
public sealed record ClaimRequest(
    Guid JobId,
    Guid AttemptId,
    string NodeId,
    DateTimeOffset Now,
    DateTimeOffset LeaseUntil,
    string Trunk,
    int TrunkChannels,
    TimeSpan MinIntervalPerNumber,
    int DailyCapPerNumber,
    DateOnly LocalDay,
    double TrunkCallsPerSecond = 0);
