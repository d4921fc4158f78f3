using System.Buffers.Binary;

namespace Gateway.Media.Dtmf;

/// <summary>
/// An RFC 4733 §2.3 telephone-event payload:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     event     |E|R| volume    |          duration             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <param name="Event">Event code (RFC 4733 §3.2: 0–9 digits, 10 '*', 11 '#', 12–15 A–D).</param>
/// <param name="End">E bit: the final packet(s) of the event.</param>
/// <param name="Volume">Power level, 0 to −63 dBm0, as a positive number.</param>
/// <param name="Duration">Duration so far, in RTP timestamp units.</param>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    /// <summary>Payload size in bytes.</summary>
    public const int Size = 4;

    /// <summary>The DTMF character for events 0–15, or '\0' for other events.</summary>
    public char Digit => Event switch
    {
        <= 9 => (char)('0' + Event),
        10 => '*',
        11 => '#',
        >= 12 and <= 15 => (char)('A' + Event - 12),
        _ => '\0',
    };

    /// <summary>Parses a payload; false (and a reason) when it is not a valid telephone-event.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent value, out string? error)
    {
        value = default;
        if (payload.Length < Size)
        {
            error = $"A telephone-event payload is at least {Size} bytes (RFC 4733 §2.3); got {payload.Length}.";
            return false;
        }

        // RFC 4733 §2.3: the R bit is reserved, sent as zero and ignored on receipt.
        value = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        error = null;
        return true;
    }

    /// <summary>Writes the payload (for tests and for sending).</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"Need {Size} bytes.", nameof(destination));
        }

        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
    }
}
