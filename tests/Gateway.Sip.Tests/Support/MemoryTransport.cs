using System.Net;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Support;

/// <summary>
/// An in-memory UDP transport for a <see cref="Gateway.Sip.UserAgent.SipUserAgent"/>: every message sent is
/// serialized and parsed back (so tests see the bytes a peer would), and the test injects the far end's
/// messages as text. With a FakeTimeProvider the whole user agent runs without sockets or waiting.
/// </summary>
public sealed class MemoryTransport : ISipTransport
{
    readonly List<(SipMessage Message, SipEndPoint To)> _sent = [];

    public static SipEndPoint Far { get; } = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5099));

    public SipEndPoint LocalEndPoint { get; } = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060));

    public event Action<SipMessage, SipEndPoint>? MessageReceived;

    public List<(SipMessage Message, SipEndPoint To)> Sent { get { lock (_sent) return [.. _sent]; } }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        Assert.True(SipParser.TryParse(message.ToBytes(), out var copy, out var e), e?.ToString());
        lock (_sent) _sent.Add((copy!, destination));
    }

    /// <summary>Requests we sent with <paramref name="method"/>, in order.</summary>
    public List<SipRequest> Requests(string method) => [.. Sent.Select(s => s.Message).OfType<SipRequest>().Where(r => r.Method == method)];

    /// <summary>Responses we sent with <paramref name="status"/>, in order.</summary>
    public List<SipResponse> Responses(int status) => [.. Sent.Select(s => s.Message).OfType<SipResponse>().Where(r => r.StatusCode == status)];

    /// <summary>Delivers a message from the far end (as the UDP transport would: Via stamped for requests).</summary>
    public void Receive(SipMessage message, SipEndPoint? from = null)
    {
        var source = from ?? Far;
        Assert.True(SipParser.TryParse(message.ToBytes(), out var copy, out var e), e?.ToString());
        if (copy is SipRequest req) UdpSipTransport.StampVia(req, source);
        MessageReceived?.Invoke(copy!, source);
    }

    public void Receive(string text, SipEndPoint? from = null)
    {
        Assert.True(SipParser.TryParse(Encoding.UTF8.GetBytes(text), out var m, out var e), e?.ToString());
        Receive(m!, from);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
