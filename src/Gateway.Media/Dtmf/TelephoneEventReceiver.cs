namespace Gateway.Media.Dtmf;

/// <summary>
/// Turns a stream of RFC 4733 packets into digits, once each. RFC 4733 §2.5.1: all packets of one event share
/// the RTP timestamp of its start; the end packet is sent three times. A digit is reported on the first packet
/// of a new timestamp, so a lost start packet still yields the digit from a later update or end packet.
/// </summary>
public sealed class TelephoneEventReceiver
{
    private uint _lastTimestamp;
    private bool _any;

    /// <summary>
    /// Feeds one telephone-event RTP payload with its RTP timestamp. Returns the digit the first time an event
    /// is seen, '\0' for repeats and non-DTMF events. Throws <see cref="FormatException"/> for a malformed payload.
    /// </summary>
    public char Receive(ReadOnlySpan<byte> payload, uint rtpTimestamp)
    {
        if (!TelephoneEvent.TryParse(payload, out var ev, out var error))
        {
            throw new FormatException(error);
        }

        if (_any && rtpTimestamp == _lastTimestamp)
        {
            return '\0';
        }

        _any = true;
        _lastTimestamp = rtpTimestamp;
        return ev.Digit;
    }
}
