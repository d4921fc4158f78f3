namespace Gateway.Sip.UserAgent;

/// <summary>Where a call is: INVITE sent, early dialog, confirmed dialog, or over.</summary>
public enum SipCallState { Calling, Early, Confirmed, Terminated }
