using System.Text;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;

namespace Gateway.Sip.Parsing;

/// <summary>
/// Checks the grammar of the headers a user agent acts on (RFC 3261 §25.1): Request-URI, From, To,
/// Via, Contact, Route, Record-Route. Run on every received message after <see cref="SipParser"/>, so it
/// checks in place: no header is turned into a string or objects unless it is reported as bad.
/// </summary>
public static class SipMessageValidator
{
    public static SipParseError? Validate(SipMessage m)
    {
        Span<char> scratch = stackalloc char[512];
        if (m is SipRequest req && req.UriIsRaw)
        {
            var raw = req.Source.Span.Slice(req.UriStart, req.UriLength);
            bool uriOk;
            if (raw.Length <= scratch.Length) uriOk = SipUri.Scan(scratch[..Encoding.UTF8.GetChars(raw, scratch)], null);
            else uriOk = SipUri.Scan(Encoding.UTF8.GetString(raw), null);
            if (!uriOk) return new SipParseError(SipParseErrorKind.BadRequestUri, 1, req.Method, "Request-URI does not parse");
        }
        for (int i = 0; i < m.FieldCount; i++)
        {
            ref readonly var f = ref m.Field(i);
            if (f.Name is not (HeaderNames.From or HeaderNames.To or HeaderNames.Via or HeaderNames.Contact or HeaderNames.Route
                or HeaderNames.RecordRoute or HeaderNames.ContentType)) continue;
            using var chars = new HeaderValueChars(m, f, scratch);
            if (!IsValid(f.Name, chars.Value))
            {
                var value = m.ValueOf(f);
                return new SipParseError(SipParseErrorKind.BadHeaderValue, i + 2, f.Name + ": " + value, $"{f.Name} value does not follow RFC 3261 §25.1");
            }
        }
        return null;
    }

    static bool IsValid(string name, ReadOnlySpan<char> value) => name switch
    {
        HeaderNames.From or HeaderNames.To => NameAddress.IsValid(value, tagNeedsValue: true),
        HeaderNames.Via => EveryItem(value, static v => ViaHeader.IsValid(v)),
        HeaderNames.Contact => value.Trim().SequenceEqual("*") || EveryItem(value, static c => NameAddress.IsValid(c)),
        HeaderNames.Route or HeaderNames.RecordRoute => EveryItem(value, static r => NameAddress.IsValid(r) && r.TrimStart().Contains('<')),
        HeaderNames.ContentType => value.Contains('/'),
        _ => true,
    };

    delegate bool ItemCheck(ReadOnlySpan<char> item);

    // Every item of a comma-separated value (§7.3.1) passes, as HeaderText.SplitList splits it: quotes and <>
    // respected, empty items skipped, an unbalanced value fails.
    static bool EveryItem(ReadOnlySpan<char> value, ItemCheck check)
    {
        var rest = value;
        while (true)
        {
            int i = HeaderText.IndexOfUnquoted(rest, ',');
            if (i == -2) return false;
            var item = (i < 0 ? rest : rest[..i]).Trim();
            if (!item.IsEmpty && !check(item)) return false;
            if (i < 0) return true;
            rest = rest[(i + 1)..];
        }
    }
}
