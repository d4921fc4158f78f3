using System.Globalization;

using Gateway.Sip.Message;

namespace Gateway.Sip.Headers;

/// <summary>CSeq (RFC 3261 §20.16): a 32-bit sequence number below 2^31 (§8.1.1.5) and a method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(ReadOnlySpan<char> text, out CSeqHeader cseq)
    {
        cseq = default;
        text = text.Trim();
        int sp = text.IndexOfAny(' ', '\t');
        if (sp <= 0) return false;
        // §8.1.1.5: the sequence number MUST be expressible as a 32-bit unsigned integer and less than 2**31.
        if (!uint.TryParse(text[..sp], NumberStyles.None, CultureInfo.InvariantCulture, out uint n) || n >= 0x8000_0000u) return false;
        var m = text[sp..].Trim();
        if (!HeaderText.IsToken(m)) return false;
        cseq = new CSeqHeader(n, SipMethod.Intern(m));
        return true;
    }

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;
}
