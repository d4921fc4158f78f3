using Gateway.Sip.UserAgent;

namespace Gateway.Telephony;

/// <summary>A configured trunk: the SIP trunk to dial through, its options, and its circuit breaker.</summary>
public sealed class TrunkRoute(SipTrunk trunk, TrunkOptions options)
{
    /// <summary>The SIP side of the trunk.</summary>
    public SipTrunk Trunk { get; } = trunk;

    /// <summary>The trunk as configured.</summary>
    public TrunkOptions Options { get; } = options;

    /// <summary>The trunk's breaker; set when the runtime starts.</summary>
    public TrunkGate Gate { get; internal set; } = null!;
}
