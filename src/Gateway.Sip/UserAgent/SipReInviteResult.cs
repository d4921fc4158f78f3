using Gateway.Sip.Sdp;

namespace Gateway.Sip.UserAgent;

/// <summary>The outcome of our re-INVITE: the final status and, on 2xx, the answer. A failure keeps the old session (RFC 3261 §14.1).</summary>
public sealed record SipReInviteResult(int StatusCode, SdpSession? Answer)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
