namespace Gateway.Sip.UserAgent;

/// <summary>Reachability of a trunk as seen by OPTIONS keepalive: not probed yet, answering, or not answering.</summary>
public enum SipTrunkState { Unknown, Up, Down }
