using System.Buffers;
using System.Text;

namespace Gateway.Sip.Message;

/// <summary>
/// A header value as characters for a check that needs no string: a value set by code as it is, a parsed one
/// decoded (UTF-8, as <see cref="SipMessage.GetHeader"/> decodes it) into the caller's scratch span, or into an
/// array rented from the shared pool when it does not fit (given back by <see cref="Dispose"/>).
/// </summary>
internal ref struct HeaderValueChars
{
    char[]? _rented;

    /// <summary>False when the message has no such header.</summary>
    public bool Found { get; }

    public ReadOnlySpan<char> Value { get; }

    public HeaderValueChars(SipMessage message, in SipHeaderField field, Span<char> scratch)
    {
        Found = true;
        if (field.Text is not null)
        {
            Value = field.Text;
            return;
        }
        var raw = message.RawValue(field);
        if (raw.Length > scratch.Length)
            scratch = _rented = ArrayPool<char>.Shared.Rent(raw.Length);
        Value = scratch[..Encoding.UTF8.GetChars(raw, scratch)];
    }

    public void Dispose()
    {
        if (_rented is not null) ArrayPool<char>.Shared.Return(_rented);
        _rented = null;
    }
}
