using Gateway.Fax.T30;

namespace Gateway.Telephony;

/// <summary>What one call sends: <paramref name="Pages"/> holds the pages still to send; <paramref name="PagesTotal"/> counts the whole document.</summary>
public sealed record PreparedFax(IT30PageSource Pages, int PagesTotal);
