using Gateway.Sip.Headers;
using Gateway.Sip.Message;

namespace Gateway.Sip.Parsing;

/// <summary>
/// Checks the grammar of the headers a user agent acts on (RFC 3261 §25.1): Request-URI, From, To,
/// Via, Contact, Route, Record-Route. Run on every received message after <see cref="SipParser"/>.
/// </summary>
public static class SipMessageValidator
{
    public static SipParseError? Validate(SipMessage m)
    {
        if (m is SipRequest req)
        {
            if (req.UriIsRaw && !SipUri.TryParse(System.Text.Encoding.UTF8.GetString(req.Source.Span.Slice(req.UriStart, req.UriLength)), out _))
                return new SipParseError(SipParseErrorKind.BadRequestUri, 1, req.Method, "Request-URI does not parse");
        }
        int i = 0;
        foreach (var (name, value) in m.Headers)
        {
            i++;
            bool ok = name switch
            {
                HeaderNames.From or HeaderNames.To => NameAddress.TryParse(value, out var na) && na.Parameters.Items.All(p => p.Key != "tag" || p.Value is not null),
                HeaderNames.Via => HeaderText.SplitList(value) is { } vias && vias.All(v => ViaHeader.TryParse(v, out _)),
                HeaderNames.Contact => value.Trim() == "*" || (HeaderText.SplitList(value) is { } cs && cs.All(c => NameAddress.TryParse(c, out _))),
                HeaderNames.Route or HeaderNames.RecordRoute => HeaderText.SplitList(value) is { } rs && rs.All(r => NameAddress.TryParse(r, out var na) && r.TrimStart().Contains('<')),
                HeaderNames.ContentType => value.Contains('/'),
                _ => true,
            };
            if (!ok) return new SipParseError(SipParseErrorKind.BadHeaderValue, i + 1, name + ": " + value, $"{name} value does not follow RFC 3261 §25.1");
        }
        return null;
    }
}
