using Gateway.Sip.Message;

namespace Gateway.Sip.Transport;

/// <summary>A bound transport: sends messages and reports those it receives with their source (symmetric, RFC 3581 §4).</summary>
public interface ISipTransport : ISipSender, IAsyncDisposable
{
    SipEndPoint LocalEndPoint { get; }

    event Action<SipMessage, SipEndPoint>? MessageReceived;
}
