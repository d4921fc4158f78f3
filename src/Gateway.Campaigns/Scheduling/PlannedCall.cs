using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Scheduling;

/// <summary>A due job whose window is open now, in the order it should be claimed.</summary>
/// <param name="LocalDay">The destination's local date now (its daily cap counts per local day).</param>
public sealed record PlannedCall(Job Job, Campaign Campaign, CallWindowCalendar Calendar, DateOnly LocalDay);
