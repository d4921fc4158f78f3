namespace Gateway.Sip.UserAgent;

/// <summary>Why a call ended.</summary>
public enum SipCallEndReason { Rejected, TimedOut, Cancelled, LocalHangUp, RemoteHangUp, DialogLost, TransportError }
