namespace Gateway.Sip.Parsing;

/// <summary>Why a message was rejected. Each maps to the response a server would send (mostly 400, §8.2).</summary>
public enum SipParseErrorKind
{
    Empty,
    Incomplete,
    BadStartLine,
    BadMethod,
    BadRequestUri,
    UnsupportedVersion,
    BadStatusCode,
    BadHeaderName,
    BadHeaderValue,
    MissingHeader,
    BadContentLength,
    BodyTruncated,
    CSeqMethodMismatch,
    BadMaxForwards,
}
