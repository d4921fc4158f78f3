using System.Net;
using Gateway.Sip.Transactions;

namespace Gateway.Sip.UserAgent;

public sealed record SipUserAgentOptions
{
    /// <summary>Address written into Via and Contact when the transport is bound to a wildcard address.</summary>
    public IPAddress? AdvertisedAddress { get; init; }
    public string UserAgent { get; init; } = "Gateway";
    public SipTimers Timers { get; init; } = SipTimers.Default;
    /// <summary>Methods we answer (Allow, RFC 3261 §20.5). UPDATE is not listed, so peers do not send it.</summary>
    public string Allow { get; init; } = "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, INFO";
    /// <summary>
    /// RFC 3261 §18.1.1: requests larger than this many bytes go over TCP instead of UDP when the agent
    /// has a TCP transport (path MTU unknown: 1300). 0 disables the switch.
    /// </summary>
    public int LargeRequestThreshold { get; init; } = 1300;

    /// <summary>
    /// The recursive DNS server for RFC 3263 SRV and A/AAAA look-ups of trunk names. Null uses the first
    /// <c>nameserver</c> of /etc/resolv.conf when <see cref="UseResolvConf"/> is set, else System.Net.Dns
    /// (A/AAAA only, no SRV).
    /// </summary>
    public IPEndPoint? DnsServer { get; init; }

    /// <summary>
    /// Log every SIP message sent and received at Information (category of the agent's logger), with
    /// Authorization/Proxy-Authorization and URI passwords masked (<see cref="Message.SipMessageMasking"/>).
    /// </summary>
    public bool LogMessages { get; init; }

    /// <summary>Take the DNS server from /etc/resolv.conf when <see cref="DnsServer"/> is not set.</summary>
    public bool UseResolvConf { get; init; } = true;
}
