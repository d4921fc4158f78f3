namespace Gateway.Sip.Transport;

/// <summary>The transport a message travels on (RFC 3261 §18). UDP is unreliable; TCP and TLS are reliable.</summary>
public enum SipTransportKind { Udp, Tcp, Tls }
