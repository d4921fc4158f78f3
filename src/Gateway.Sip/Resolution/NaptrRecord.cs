namespace Gateway.Sip.Resolution;

/// <summary>
/// One NAPTR record (RFC 3403 §4.1): lower <see cref="Order"/> first, then lower <see cref="Preference"/>.
/// For SIP (RFC 3263 §4.1) the flag is "S", the service names the transport ("SIP+D2U", "SIP+D2T",
/// "SIPS+D2T") and <see cref="Replacement"/> is the SRV name to look up next; the regexp stays empty.
/// </summary>
public sealed record NaptrRecord(ushort Order, ushort Preference, string Flags, string Services, string Regexp, string Replacement);
