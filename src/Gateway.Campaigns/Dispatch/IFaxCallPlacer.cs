namespace Gateway.Campaigns.Dispatch;

/// <summary>
/// The dispatcher's port to the call layer: place one call and report one outcome. Implemented by the host
/// over Gateway.Calls; tests use a scripted double.
/// </summary>
public interface IFaxCallPlacer
{
    /// <summary>
    /// Places the call. Cancellation means "stop now" (graceful stop after the drain time): return an outcome
    /// with what was confirmed so far, or throw <see cref="OperationCanceledException"/> (then the lease is released).
    /// </summary>
    Task<CallOutcome> PlaceCallAsync(FaxCallRequest request, IFaxCallProgress progress, CancellationToken cancellationToken);
}
