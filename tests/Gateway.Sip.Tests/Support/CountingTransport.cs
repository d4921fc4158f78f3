using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Support;

/// <summary>Wraps a real transport and records what went out (method or status per message).</summary>
public sealed class CountingTransport(ISipTransport inner) : ISipTransport
{
    public List<string> Sent { get; } = [];

    public SipEndPoint LocalEndPoint => inner.LocalEndPoint;

    public event Action<SipMessage, SipEndPoint>? MessageReceived
    {
        add => inner.MessageReceived += value;
        remove => inner.MessageReceived -= value;
    }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        lock (Sent) Sent.Add(message is SipRequest r ? r.Method : ((SipResponse)message).StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        inner.Send(message, destination);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
