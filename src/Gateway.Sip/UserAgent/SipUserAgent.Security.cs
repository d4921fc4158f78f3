using Gateway.Sip.Message;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.UserAgent;

public sealed partial class SipUserAgent
{
    long _droppedRequests, _droppedSinceLog;
    long _lastDropLogTicks = long.MinValue;

    /// <summary>
    /// When set, requests from addresses it does not allow are dropped without any answer (not even
    /// 403, which would confirm a SIP service here), counted in <see cref="DroppedRequests"/> and logged
    /// at Debug at most every <see cref="DropLogInterval"/>. Responses are not filtered: they only reach
    /// a transaction that matches our own branch. Null accepts every source.
    /// </summary>
    public SipSourceFilter? SourceFilter { get; set; }

    /// <summary>Requests dropped by <see cref="SourceFilter"/> since the agent started.</summary>
    public long DroppedRequests => Interlocked.Read(ref _droppedRequests);

    public static TimeSpan DropLogInterval { get; } = TimeSpan.FromSeconds(10);

    bool IsRejectedSource(SipMessage message, SipEndPoint source)
    {
        if (message is not SipRequest req || SourceFilter is not { } filter || filter.IsAllowed(source.EndPoint.Address)) return false;
        Interlocked.Increment(ref _droppedRequests);
        long since = Interlocked.Increment(ref _droppedSinceLog);
        long now = Time.GetTimestamp(), last = Interlocked.Read(ref _lastDropLogTicks);
        if ((last == long.MinValue || Time.GetElapsedTime(last, now) >= DropLogInterval)
            && Interlocked.CompareExchange(ref _lastDropLogTicks, now, last) == last)
        {
            Interlocked.Exchange(ref _droppedSinceLog, 0);
            Log.LogDebug("Dropped SIP {Method} from {Source}: not a configured trunk ({Count} dropped since the last report)", req.Method, source, since);
        }
        return true;
    }

    /// <summary>Logs every message sent and received (<see cref="SipUserAgentOptions.LogMessages"/>), credentials masked.</summary>
    sealed class LoggingSender(ISipSender inner, ILogger log) : ISipSender
    {
        public void Send(SipMessage message, SipEndPoint destination)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("SIP to {Destination}:\n{Message}", destination, SipMessageMasking.ToLogText(message));
            inner.Send(message, destination);
        }
    }

    void LogReceived(SipMessage message, SipEndPoint source)
    {
        if (Options.LogMessages && Log.IsEnabled(LogLevel.Information))
            Log.LogInformation("SIP from {Source}:\n{Message}", source, SipMessageMasking.ToLogText(message));
    }
}
