using System.Net;
using Gateway.Calls.Capture;
using Gateway.Calls.Media;
using Gateway.Media.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Calls;

/// <summary>What all calls of one process share: the SIP user agent, the media loop and its port range.</summary>
/// <param name="AdvertisedAddress">The address written into our SDP (c=).</param>
public sealed record FaxCallEnvironment(SipUserAgent UserAgent, MediaLoop Media, MediaPortAllocator Ports, IPAddress AdvertisedAddress, TimeProvider Time)
{
    /// <summary>Per-call debugging capture (WAV + pcap); null (the default) captures nothing.</summary>
    public CallCaptureSettings? Capture { get; init; }

    /// <summary>
    /// Where the user agent's <see cref="CapturingSipTransport"/> reports SIP messages; without it a capture
    /// holds RTP/UDPTL only.
    /// </summary>
    public SipCaptureRouter? SipCapture { get; init; }

    /// <summary>Speech detectors of ended calls, reset and handed to the next calls (see <see cref="SpeechDetectorPool"/>).</summary>
    public SpeechDetectorPool SpeechDetectors { get; init; } = new();
}
