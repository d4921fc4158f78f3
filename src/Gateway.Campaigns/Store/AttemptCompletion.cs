using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

/// <summary>
/// Ends a leased attempt with its outcome and applies the job decision, in one transaction with the webhook rows,
/// the number and trunk release and (when it was the last open job) the campaign's completion.
/// </summary>
/// <param name="Recovery">
/// True when another node recovers an expired lease: the attempt must still be Leased/FaxConfirmed with a lease
/// that expired before <see cref="Now"/> (it becomes Expired). False: <see cref="NodeId"/> must hold the lease.
/// </param>
/// <param name="OwnerDead">
/// With <see cref="Recovery"/>: the lease is <see cref="NodeId"/>'s own, left by a previous process of this node that
/// is proven dead (this process holds the node lock, <see cref="IJobStore.TryLockNodeAsync"/>), so it need not have
/// expired yet.
/// </param>
public sealed record AttemptCompletion(
    Guid AttemptId,
    string NodeId,
    DateTimeOffset Now,
    CallOutcome Outcome,
    JobDecision Decision,
    bool Recovery = false,
    bool OwnerDead = false);
