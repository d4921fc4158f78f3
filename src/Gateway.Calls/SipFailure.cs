namespace Gateway.Calls;

/// <summary>Maps a final SIP response to the INVITE onto a failure class.</summary>
public static class SipFailure
{
    public static FailureClass Classify(int status) => status switch
    {
        // RFC 3261 §21.4.24 Busy Here, §21.6.1 Busy Everywhere
        486 or 600 => FailureClass.Busy,

        // 408 Request Timeout (also Timer B), 480 Temporarily Unavailable, 487 after our CANCEL
        408 or 480 or 487 => FailureClass.NoAnswer,

        // 503 and the rest of 5xx: the network or trunk failed, not the number
        >= 500 and < 600 => FailureClass.NetworkError,

        // 603 Decline and the rest of 4xx/6xx: the far end or the network refused this number
        >= 400 and < 700 => FailureClass.Rejected,
        _ => FailureClass.NetworkError,
    };
}
