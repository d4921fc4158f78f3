namespace Gateway.Sip.Resolution;

/// <summary>The resource record types SIP server location needs (RFC 1035 §3.2.2, RFC 3596, RFC 2782, RFC 3403).</summary>
public enum DnsRecordType : ushort { A = 1, Aaaa = 28, Srv = 33, Naptr = 35 }
