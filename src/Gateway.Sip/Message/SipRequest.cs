using System.Text;
using Gateway.Sip.Headers;

namespace Gateway.Sip.Message;

/// <summary>A SIP request (RFC 3261 §7.1): Method SP Request-URI SP SIP-Version.</summary>
public sealed class SipRequest : SipMessage
{
    SipUri? _uri;
    internal int UriStart, UriLength;

    public SipRequest(string method, SipUri requestUri)
    {
        Method = method;
        _uri = requestUri;
    }

    internal SipRequest(string method, ReadOnlyMemory<byte> source, int uriStart, int uriLength)
    {
        Method = method; Source = source; UriStart = uriStart; UriLength = uriLength;
    }

    public override bool IsRequest => true;

    public string Method { get; }

    public SipUri RequestUri
    {
        get => _uri ??= SipUri.Parse(Encoding.UTF8.GetString(Source.Span.Slice(UriStart, UriLength)));
        set => _uri = value;
    }

    /// <summary>True while the Request-URI is still the parsed bytes (lets the serializer copy them).</summary>
    internal bool UriIsRaw => _uri is null;
}
