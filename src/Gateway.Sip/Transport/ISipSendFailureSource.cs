using Gateway.Sip.Message;

namespace Gateway.Sip.Transport;

/// <summary>
/// A transport that reports messages it could not deliver (connection refused or reset, TLS handshake
/// failure). RFC 3261 §17.1.4 and §18.4: the client transaction treats this as a transport error and the
/// TU fails over to the next RFC 3263 target.
/// </summary>
public interface ISipSendFailureSource
{
    event Action<SipMessage, SipEndPoint, Exception>? SendFailed;
}
