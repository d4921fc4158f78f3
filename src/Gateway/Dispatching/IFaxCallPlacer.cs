using Gateway.Engine;

namespace Gateway.Dispatching;

/// <summary>
/// "Place this fax call": the port between the dispatcher and the call. The SIP implementation
/// (FaxCall, the call issue) and the scripted double implement it. It must call
/// <paramref name="onFaxConfirmed"/> the moment the far end has confirmed the whole document (T.30 MCF
/// after the last page), before hanging up: the dispatcher records that durably, so a node that dies
/// afterwards never sends the fax again.
/// </summary>
public interface IFaxCallPlacer
{
    /// <summary>Places one call and returns its outcome. Cancellation means "stop now" (shutdown after the drain time).</summary>
    Task<FaxCallResult> PlaceAsync(FaxCallRequest request, Func<int, Task> onFaxConfirmed, CancellationToken ct);
}
