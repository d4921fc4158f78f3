using Gateway.Campaigns.Store;
using Polly;
using Polly.RateLimiting;

namespace Gateway.Campaigns.Dispatch;

/// <summary>
/// The first of a trunk's two call-start limits: a Polly rate-limiter pipeline (Polly.RateLimiting over this node's
/// <see cref="CallStartRateLimiter"/>) that a claim must pass before it reaches the store, where the second limit,
/// the trunk row's count over all nodes, decides (docs/campaigns.md "Calls per second: two layers").
/// </summary>
public sealed class TrunkStartGate : IDisposable
{
    private readonly ResiliencePipeline _pipeline;

    public TrunkStartGate(double callsPerSecond, TimeProvider time)
    {
        Limiter = new CallStartRateLimiter(callsPerSecond, time);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRateLimiter(Limiter).Build();
    }

    public CallStartRateLimiter Limiter { get; }

    /// <summary>
    /// Runs <paramref name="claim"/> if this node may start a call on the trunk now; null when the node's own rate
    /// refused it (the store was not asked). Exceptions of the claim propagate.
    /// </summary>
    public async ValueTask<ClaimResult?> ClaimAsync(Func<CancellationToken, Task<ClaimResult>> claim, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, run) =>
                {
                    try
                    {
                        return Outcome.FromResult(await run(ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<ClaimResult>(e);
                    }
                },
                context,
                claim).ConfigureAwait(false);
            if (outcome.Exception is RateLimiterRejectedException)
            {
                return null;
            }

            outcome.ThrowIfException();
            return outcome.Result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose() => Limiter.Dispose();
}
