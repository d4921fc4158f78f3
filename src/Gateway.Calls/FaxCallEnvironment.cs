using System.Net;
using Gateway.Media.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Calls;

/// <summary>What all calls of one process share: the SIP user agent, the media loop and its port range.</summary>
/// <param name="AdvertisedAddress">The address written into our SDP (c=).</param>
public sealed record FaxCallEnvironment(SipUserAgent UserAgent, MediaLoop Media, MediaPortAllocator Ports, IPAddress AdvertisedAddress, TimeProvider Time);
