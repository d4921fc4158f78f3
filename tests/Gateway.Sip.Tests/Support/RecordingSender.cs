using System.Net;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Support;

/// <summary>An in-memory transport: keeps the bytes of every message sent, with the time it was sent.</summary>
public sealed class RecordingSender(TimeProvider time) : ISipSender
{
    public List<(TimeSpan At, byte[] Bytes, SipEndPoint To)> Sent { get; } = [];
    readonly DateTimeOffset _start = time.GetUtcNow();

    public void Send(SipMessage message, SipEndPoint destination)
    {
        lock (Sent) Sent.Add((time.GetUtcNow() - _start, message.ToBytes(), destination));
    }

    public SipMessage Parsed(int i)
    {
        Assert.True(SipParser.TryParse(Sent[i].Bytes, out var m, out var e), e?.ToString());
        return m!;
    }

    public string Text(int i) => Encoding.UTF8.GetString(Sent[i].Bytes);

    public static SipEndPoint Udp => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5099));
    public static SipEndPoint Tcp => new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 5099));
}
