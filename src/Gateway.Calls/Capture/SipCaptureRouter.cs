using System.Collections.Concurrent;
using System.Net;
using Gateway.Sip.Message;

namespace Gateway.Calls.Capture;

/// <summary>
/// Hands each SIP message that a <see cref="CapturingSipTransport"/> sees to the capture of its call,
/// found by Call-ID (RFC 3261 §8.1.1.4: all requests and responses of a dialog carry it). Calls register
/// before their INVITE is sent and leave when they finish; with no call registered a message costs a
/// dictionary check.
/// </summary>
public sealed class SipCaptureRouter
{
    private readonly ConcurrentDictionary<string, CallCapture> _calls = new(StringComparer.Ordinal);

    public void Register(string callId, CallCapture capture) => _calls[callId] = capture;

    public void Unregister(string callId) => _calls.TryRemove(callId, out _);

    internal void Route(SipMessage message, IPEndPoint source, IPEndPoint destination)
    {
        if (_calls.IsEmpty || message.CallId is not { } callId || !_calls.TryGetValue(callId, out CallCapture? capture))
        {
            return;
        }

        capture.OnSip(message.ToBytes(), source, destination);
    }
}
