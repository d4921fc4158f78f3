using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Support;

/// <summary>Wraps a real transport and keeps the text and destination of every message sent.</summary>
public sealed class RecordingTransport(ISipTransport inner) : ISipTransport
{
    readonly List<(string Text, SipEndPoint To)> _sent = [];

    public List<(string Text, SipEndPoint To)> Sent { get { lock (_sent) return [.. _sent]; } }

    public SipEndPoint LocalEndPoint => inner.LocalEndPoint;

    public event Action<SipMessage, SipEndPoint>? MessageReceived
    {
        add => inner.MessageReceived += value;
        remove => inner.MessageReceived -= value;
    }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        lock (_sent) _sent.Add((Encoding.UTF8.GetString(message.ToBytes()), destination));
        inner.Send(message, destination);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
