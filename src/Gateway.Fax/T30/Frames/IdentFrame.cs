namespace Gateway.Fax.T30.Frames;

/// <summary>
/// The 20-digit identification frames: CSI, TSI, CIG (T.30 §5.3.6.2.4-6) and SUB, SID, PWD, SEP
/// (§5.3.6.2.10-14). The FIF is 20 octets of IA5 characters (digits, '+' and space), sent in reverse:
/// the last character of the number is the first octet, and the field is padded with spaces.
/// </summary>
public sealed record IdentFrame(byte Fcf, string Text)
{
    /// <summary>Length of the FIF.</summary>
    public const int Length = 20;

    /// <summary>Encodes the frame. Text longer than 20 characters or with characters outside 0x20-0x7E is rejected.</summary>
    public T30Frame ToFrame(bool final = false)
    {
        if (Text.Length > Length)
            throw new ArgumentException($"A T.30 identification holds at most {Length} characters.", nameof(Text));
        Span<byte> fif = stackalloc byte[Length];
        fif.Fill((byte)' ');
        for (var i = 0; i < Text.Length; i++)
        {
            var c = Text[Text.Length - 1 - i];
            if (c is < ' ' or > '~')
                throw new ArgumentException("A T.30 identification holds printable ASCII only.", nameof(Text));
            fif[i] = (byte)c;
        }
        return new T30Frame(Fcf, fif, final);
    }

    /// <summary>Decodes the text (trailing padding removed). Any FIF length up to 20 is accepted, as in the field.</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IdentFrame? ident, out T30FrameError error)
    {
        ident = null;
        var f = frame.Information.Span;
        if (f.Length > Length)
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        var end = f.Length;
        while (end > 0 && f[end - 1] == ' ')
            end--;
        var chars = new char[end];
        for (var i = 0; i < end; i++)
        {
            var b = f[end - 1 - i];
            chars[i] = b is >= 0x20 and <= 0x7E ? (char)b : '?';
        }
        ident = new IdentFrame(frame.Fcf, new string(chars).Trim());
        error = T30FrameError.None;
        return true;
    }
}
