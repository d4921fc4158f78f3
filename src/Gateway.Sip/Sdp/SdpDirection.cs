namespace Gateway.Sip.Sdp;

/// <summary>Media direction attributes (RFC 3264 §5.1, §6.1); sendrecv when none is given.</summary>
public enum SdpDirection { SendRecv, SendOnly, RecvOnly, Inactive }
