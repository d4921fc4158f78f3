using Gateway.Sip.Message;

namespace Gateway.Sip.Transport;

/// <summary>
/// What transactions and dialogs need from a transport: hand over one message for one destination.
/// Implementations must not block; failures are reported to the transaction by the transport.
/// </summary>
public interface ISipSender
{
    void Send(SipMessage message, SipEndPoint destination);
}
