using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Calls.Capture;

/// <summary>
/// A SIP transport that shows every message it sends or receives to a <see cref="SipCaptureRouter"/>, then
/// does what <paramref name="inner"/> does. Wrap the UDP and TCP transports below a
/// <see cref="SipTransportSet"/> (which sets the final Via before handing a message down); TLS stays
/// unwrapped, since the set configures its client options on the <see cref="TlsSipTransport"/> itself.
/// Messages over TCP are written to the pcap as UDP datagrams too (one record per message).
/// </summary>
public sealed class CapturingSipTransport : ISipTransport, ISipSendFailureSource
{
    private readonly ISipTransport _inner;
    private readonly SipCaptureRouter _router;

    public CapturingSipTransport(ISipTransport inner, SipCaptureRouter router)
    {
        _inner = inner;
        _router = router;
        _inner.MessageReceived += (message, source) =>
        {
            _router.Route(message, source.EndPoint, _inner.LocalEndPoint.EndPoint);
            MessageReceived?.Invoke(message, source);
        };
        if (_inner is ISipSendFailureSource failures)
        {
            failures.SendFailed += (message, destination, error) => SendFailed?.Invoke(message, destination, error);
        }
    }

    public SipEndPoint LocalEndPoint => _inner.LocalEndPoint;

    public event Action<SipMessage, SipEndPoint>? MessageReceived;

    public event Action<SipMessage, SipEndPoint, Exception>? SendFailed;

    public void Send(SipMessage message, SipEndPoint destination)
    {
        _router.Route(message, _inner.LocalEndPoint.EndPoint, destination.EndPoint); // before: a quick response must not be written first
        _inner.Send(message, destination);
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
