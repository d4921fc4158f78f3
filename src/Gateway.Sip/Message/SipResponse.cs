using System.Text;

namespace Gateway.Sip.Message;

/// <summary>A SIP response (RFC 3261 §7.2): SIP-Version SP Status-Code SP Reason-Phrase.</summary>
public sealed class SipResponse : SipMessage
{
    string? _reason;
    internal int ReasonStart, ReasonLength;

    public SipResponse(int statusCode, string? reasonPhrase = null)
    {
        StatusCode = statusCode;
        _reason = reasonPhrase ?? SipStatus.DefaultReason(statusCode);
    }

    internal SipResponse(int statusCode, ReadOnlyMemory<byte> source, int reasonStart, int reasonLength)
    {
        StatusCode = statusCode; Source = source; ReasonStart = reasonStart; ReasonLength = reasonLength;
    }

    public override bool IsRequest => false;

    public int StatusCode { get; }

    public string ReasonPhrase
    {
        get => _reason ??= Encoding.UTF8.GetString(Source.Span.Slice(ReasonStart, ReasonLength));
        set => _reason = value;
    }

    internal bool ReasonIsRaw => _reason is null;

    public bool IsProvisional => StatusCode < 200;
    public bool IsSuccess => StatusCode is >= 200 and < 300;
    public bool IsFinal => StatusCode >= 200;

    /// <summary>
    /// Builds a response to a request as RFC 3261 §8.2.6.2 says: Via (all, in order), From, Call-ID and CSeq
    /// copied; To copied and given <paramref name="toTag"/> if it has none.
    /// </summary>
    public static SipResponse For(SipRequest request, int statusCode, string? toTag = null, string? reason = null)
    {
        var r = new SipResponse(statusCode, reason);
        r.CopyHeaders(request, HeaderNames.Via);
        r.CopyHeaders(request, HeaderNames.From);
        var to = request.GetHeader(HeaderNames.To);
        if (to is not null && toTag is not null && request.To is { Tag: null } toNa)
        {
            toNa.Tag = toTag;
            to = toNa.ToString();
        }
        if (to is not null) r.AddHeader(HeaderNames.To, to);
        r.CopyHeaders(request, HeaderNames.CallId);
        r.CopyHeaders(request, HeaderNames.CSeq);
        return r;
    }
}
