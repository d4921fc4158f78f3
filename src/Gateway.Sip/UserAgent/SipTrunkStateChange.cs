namespace Gateway.Sip.UserAgent;

/// <summary>
/// A keepalive state change: the trunk, the old and new state, and the probe's outcome (the OPTIONS
/// status, or null when it timed out or the transport failed).
/// </summary>
public sealed record SipTrunkStateChange(SipTrunk Trunk, SipTrunkState Previous, SipTrunkState Current, int? StatusCode, DateTimeOffset At);
