using System.Buffers.Text;
using System.Text;
using Gateway.Sip.Message;

namespace Gateway.Sip.Parsing;

/// <summary>
/// Parses SIP messages (RFC 3261 §7, §25) from bytes. Pure functions: no I/O, no exceptions for bad
/// input. Header values stay as ranges of the source until read. Structured header checks (From/To,
/// Via, Contact grammar) are in <see cref="SipMessageValidator"/>.
/// </summary>
public static class SipParser
{
    /// <summary>Parses a copy of <paramref name="data"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out SipMessage? message, out SipParseError? error, bool datagram = true) =>
        TryParse(new ReadOnlyMemory<byte>(data.ToArray()), out message, out error, datagram);

    /// <summary>
    /// Parses <paramref name="data"/>, which the message keeps (no copy). With <paramref name="datagram"/>
    /// a missing Content-Length means "body = the rest" and extra bytes are dropped (§18.3).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> data, out SipMessage? message, out SipParseError? error, bool datagram = true)
    {
        if (Parse(data, out message, out error, datagram)) return true;
        message = null;
        return false;
    }

    static bool Parse(ReadOnlyMemory<byte> data, out SipMessage? message, out SipParseError? error, bool datagram)
    {
        message = null;
        var span = data.Span;
        int pos = 0;
        int line = 1;
        // §7.5: CRLFs before the start line are ignored (also keep-alives on streams).
        while (pos < span.Length && (span[pos] == '\r' || span[pos] == '\n')) { if (span[pos] == '\n') line++; pos++; }
        if (pos >= span.Length) { error = Err(SipParseErrorKind.Empty, line, default, "no message"); return false; }

        int eol = NextLineEnd(span, pos, out int next);
        if (eol < 0) { error = Err(SipParseErrorKind.Incomplete, line, span[pos..], "no end of start line"); return false; }
        var start = span[pos..eol];
        if (!ParseStartLine(data, pos, start, line, out message, out error)) return false;
        pos = next;
        line++;

        // Headers up to the empty line.
        long contentLength = -1;
        int clLine = 0;
        bool sawVia = false, sawFrom = false, sawTo = false, sawCallId = false, sawCSeq = false;
        while (true)
        {
            eol = NextLineEnd(span, pos, out next);
            if (eol < 0) { error = Err(SipParseErrorKind.Incomplete, line, span[pos..], "headers not terminated by an empty line"); return false; }
            if (eol == pos) { pos = next; break; }
            int headerLine = line;
            var first = span[pos..eol];
            if (first[0] is (byte)' ' or (byte)'\t') { error = Err(SipParseErrorKind.BadHeaderName, line, first, "continuation line without a header"); return false; }
            // §7.3.1 folding: lines starting with SP/HT continue the header.
            int end = eol, afterEnd = next;
            bool folded = false;
            while (afterEnd < span.Length && span[afterEnd] is (byte)' ' or (byte)'\t')
            {
                int e2 = NextLineEnd(span, afterEnd, out int n2);
                if (e2 < 0) { error = Err(SipParseErrorKind.Incomplete, line, first, "unterminated folded header"); return false; }
                folded = true; end = e2; afterEnd = n2; line++;
            }
            int colon = first.IndexOf((byte)':');
            if (colon <= 0) { error = Err(SipParseErrorKind.BadHeaderName, headerLine, first, "header line without ':'"); return false; }
            var rawName = first[..colon].TrimEnd(" \t"u8);
            if (!IsToken(rawName)) { error = Err(SipParseErrorKind.BadHeaderName, headerLine, first, "header name is not a token"); return false; }
            string name = HeaderNames.Canonical(rawName) ?? Encoding.ASCII.GetString(rawName);
            int vs = pos + colon + 1;
            while (vs < end && span[vs] is (byte)' ' or (byte)'\t') vs++;
            int ve = end;
            while (ve > vs && span[ve - 1] is (byte)' ' or (byte)'\t') ve--;
            SipHeaderField field = folded
                ? new SipHeaderField(name, Unfold(span[vs..ve]), 0, 0)
                : new SipHeaderField(name, null, vs, ve - vs);
            message!.AddField(field);
            var value = folded ? Encoding.UTF8.GetBytes(field.Text!) : span[vs..ve];

            switch (name)
            {
                case HeaderNames.ContentLength:
                    if (!Utf8Parser.TryParse(value, out long cl, out int used) || used != value.Length || cl < 0)
                    { error = Err(SipParseErrorKind.BadContentLength, headerLine, first, "Content-Length is not a number"); return false; }
                    if (contentLength >= 0 && cl != contentLength)
                    { error = Err(SipParseErrorKind.BadContentLength, headerLine, first, "conflicting Content-Length values"); return false; }
                    contentLength = cl; clLine = headerLine;
                    break;
                case HeaderNames.MaxForwards:
                    // §20.22: 0–255 hops.
                    if (!Utf8Parser.TryParse(value, out uint mf, out used) || used != value.Length || mf > 255)
                    { error = Err(SipParseErrorKind.BadMaxForwards, headerLine, first, "Max-Forwards must be 0-255"); return false; }
                    break;
                case HeaderNames.CSeq:
                    if (sawCSeq) { error = Err(SipParseErrorKind.BadHeaderValue, headerLine, first, "more than one CSeq"); return false; }
                    sawCSeq = true;
                    if (!CheckCSeq(value, message as SipRequest, out var why)) { error = Err(why == "method" ? SipParseErrorKind.CSeqMethodMismatch : SipParseErrorKind.BadHeaderValue, headerLine, first, "CSeq " + why); return false; }
                    break;
                case HeaderNames.Via: sawVia = true; break;
                case HeaderNames.From: if (sawFrom) { error = Err(SipParseErrorKind.BadHeaderValue, headerLine, first, "more than one From"); return false; } sawFrom = true; break;
                case HeaderNames.To: if (sawTo) { error = Err(SipParseErrorKind.BadHeaderValue, headerLine, first, "more than one To"); return false; } sawTo = true; break;
                case HeaderNames.CallId: if (sawCallId) { error = Err(SipParseErrorKind.BadHeaderValue, headerLine, first, "more than one Call-ID"); return false; } sawCallId = true; break;
            }
            pos = afterEnd;
            line++;
        }

        // §8.1.1: the six mandatory headers (Max-Forwards is a proxy concern; we accept its absence).
        string? missing = !sawVia ? "Via" : !sawFrom ? "From" : !sawTo ? "To" : !sawCallId ? "Call-ID" : !sawCSeq ? "CSeq" : null;
        if (missing is not null) { error = Err(SipParseErrorKind.MissingHeader, line, default, "missing " + missing); message = null; return false; }

        int remaining = span.Length - pos;
        if (contentLength < 0)
        {
            if (!datagram)
            { error = Err(SipParseErrorKind.BadContentLength, line, default, "Content-Length is required on stream transports (§18.3)"); message = null; return false; }
            contentLength = remaining;
        }
        if (contentLength > remaining)
        {
            error = Err(SipParseErrorKind.BodyTruncated, clLine, default, $"Content-Length {contentLength} exceeds the {remaining} body bytes received");
            message = null;
            return false;
        }
        message!.Body = data.Slice(pos, (int)contentLength);
        error = null;
        return true;
    }

    /// <summary>
    /// For stream transports (§18.3): the length of the first complete message in <paramref name="buffer"/>
    /// (after leading CRLFs), or 0 when more bytes are needed, or -1 when the framing is broken.
    /// </summary>
    public static int FrameLength(ReadOnlySpan<byte> buffer)
    {
        int pos = 0;
        while (pos < buffer.Length && buffer[pos] is (byte)'\r' or (byte)'\n') pos++;
        int hdrEnd = buffer[pos..].IndexOf("\r\n\r\n"u8);
        if (hdrEnd < 0) return 0;
        hdrEnd += pos + 4;
        long cl = -1;
        int p = pos;
        while (p < hdrEnd - 2)
        {
            int e = buffer[p..].IndexOf("\r\n"u8) + p;
            var l = buffer[p..e];
            int colon = l.IndexOf((byte)':');
            if (colon > 0)
            {
                var n = l[..colon].TrimEnd(" \t"u8);
                if (Ascii.EqualsIgnoreCase(n, "Content-Length"u8) || Ascii.EqualsIgnoreCase(n, "l"u8))
                {
                    var v = l[(colon + 1)..].Trim(" \t"u8);
                    if (!Utf8Parser.TryParse(v, out cl, out int used) || used != v.Length || cl < 0) return -1;
                }
            }
            p = e + 2;
        }
        if (cl < 0) return -1;
        long total = hdrEnd + cl;
        return total <= buffer.Length ? (int)total : 0;
    }

    static bool ParseStartLine(ReadOnlyMemory<byte> data, int offset, ReadOnlySpan<byte> s, int line, out SipMessage? message, out SipParseError? error)
    {
        message = null; error = null;
        if (s.StartsWith("SIP/"u8))
        {
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            if (!s.StartsWith("SIP/2.0 "u8))
            { error = Err(s.IndexOf((byte)' ') > 0 ? SipParseErrorKind.UnsupportedVersion : SipParseErrorKind.BadStartLine, line, s, "expected SIP/2.0"); return false; }
            var rest = s[8..];
            if (rest.Length < 3 || !IsDigit(rest[0]) || !IsDigit(rest[1]) || !IsDigit(rest[2]) || (rest.Length > 3 && rest[3] != ' '))
            { error = Err(SipParseErrorKind.BadStatusCode, line, s, "status code must be 3 digits"); return false; }
            int code = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
            if (code < 100 || code > 699) { error = Err(SipParseErrorKind.BadStatusCode, line, s, "status code out of range"); return false; }
            int rs = Math.Min(rest.Length, 4);
            message = new SipResponse(code, data, offset + 8 + rs, rest.Length - rs);
            return true;
        }
        int sp1 = s.IndexOf((byte)' ');
        if (sp1 <= 0) { error = Err(SipParseErrorKind.BadStartLine, line, s, "no method"); return false; }
        var method = s[..sp1];
        if (!IsToken(method)) { error = Err(SipParseErrorKind.BadMethod, line, s, "method is not a token"); return false; }
        var afterMethod = s[(sp1 + 1)..];
        int sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 <= 0) { error = Err(SipParseErrorKind.BadStartLine, line, s, "Request-Line needs Method SP Request-URI SP SIP-Version"); return false; }
        var uri = afterMethod[..sp2];
        var version = afterMethod[(sp2 + 1)..];
        if (version.IndexOf((byte)' ') >= 0 || uri.IndexOfAny("<>\""u8) >= 0 || uri.IndexOf((byte)':') <= 0)
        { error = Err(SipParseErrorKind.BadRequestUri, line, s, "Request-URI must be one absoluteURI without spaces or brackets (§25.1)"); return false; }
        if (!version.SequenceEqual("SIP/2.0"u8))
        { error = Err(version.StartsWith("SIP/"u8) ? SipParseErrorKind.UnsupportedVersion : SipParseErrorKind.BadStartLine, line, s, "expected SIP/2.0"); return false; }
        foreach (byte b in uri)
            if (b <= 0x20 || b >= 0x7f) { error = Err(SipParseErrorKind.BadRequestUri, line, s, "Request-URI contains a control or non-ASCII byte"); return false; }
        message = new SipRequest(SipMethod.Intern(method), data, offset + sp1 + 1, sp2);
        return true;
    }

    static bool CheckCSeq(ReadOnlySpan<byte> v, SipRequest? request, out string why)
    {
        int sp = v.IndexOfAny((byte)' ', (byte)'\t');
        why = "is malformed";
        if (sp <= 0) return false;
        if (!Utf8Parser.TryParse(v[..sp], out uint n, out int used) || used != sp || n >= 0x8000_0000u) { why = "number must be below 2^31 (§8.1.1.5)"; return false; }
        var m = v[sp..].Trim(" \t"u8);
        if (!IsToken(m)) return false;
        // §8.1.1.5 and RFC 4475 §3.1.2.17: the CSeq method must match the request method.
        if (request is not null && !Ascii.Equals(m, request.Method)) { why = "method"; return false; }
        return true;
    }

    static int NextLineEnd(ReadOnlySpan<byte> s, int from, out int next)
    {
        int lf = s[from..].IndexOf((byte)'\n');
        if (lf < 0) { next = s.Length; return -1; }
        lf += from;
        next = lf + 1;
        // Accept bare LF as well as CRLF (robustness, §7.5 is tolerant of line ends in practice).
        return lf > from && s[lf - 1] == '\r' ? lf - 1 : lf;
    }

    static string Unfold(ReadOnlySpan<byte> v)
    {
        var sb = new StringBuilder(v.Length);
        var text = Encoding.UTF8.GetString(v);
        bool ws = false;
        foreach (char c in text)
        {
            if (c is '\r' or '\n' or ' ' or '\t') { ws = true; continue; }
            if (ws && sb.Length > 0) sb.Append(' ');
            ws = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return false;
        foreach (byte b in s)
            if (!(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || b is (byte)'-' or (byte)'.' or (byte)'!' or (byte)'%' or (byte)'*' or (byte)'_' or (byte)'+' or (byte)'`' or (byte)'\'' or (byte)'~'))
                return false;
        return true;
    }

    static SipParseError Err(SipParseErrorKind kind, int line, ReadOnlySpan<byte> text, string detail) =>
        new(kind, line, Encoding.UTF8.GetString(text.Length > 200 ? text[..200] : text), detail);
}
