namespace Gateway.Sip.Resolution;

public enum DnsErrorKind
{
    /// <summary>No answer from the server within the timeout, after every attempt.</summary>
    Timeout,
    /// <summary>The response could not be parsed (truncated, bad name pointer, wrong id).</summary>
    Malformed,
    /// <summary>The server answered with an error code other than NXDOMAIN (SERVFAIL, REFUSED, ...).</summary>
    ServerError,
    /// <summary>The socket failed (unreachable resolver).</summary>
    Network,
}
