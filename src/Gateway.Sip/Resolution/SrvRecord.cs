namespace Gateway.Sip.Resolution;

/// <summary>One SRV record (RFC 2782): lower priority first, weight shares load within a priority.</summary>
public sealed record SrvRecord(ushort Priority, ushort Weight, ushort Port, string Target)
{
    /// <summary>RFC 2782: a target of "." means the service is decidedly not available at this domain.</summary>
    public bool IsUnavailable => Target.Length == 0 || Target == ".";
}
