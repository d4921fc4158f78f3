using Gateway.Sip.Sdp;

namespace Gateway.Sip.UserAgent;

/// <summary>The outcome of an INVITE: the final status (408 for Timer B) and, on 2xx, the answer SDP.</summary>
public sealed record SipInviteResult(int StatusCode, string Reason, SdpSession? Answer)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
