using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Scheduling;

/// <summary>
/// Orders due jobs for claiming (sans-IO: the caller passes the jobs, campaigns and the time).
/// Rules (docs/campaigns.md "Dispatch order"): a job whose call window is closed moves to the next opening; among
/// the rest, higher campaign priority first; campaigns of equal priority take turns one call at a time (fair share),
/// the turn order rotating every tick so no campaign always goes first; within a campaign, earliest due first;
/// a number appears once per plan (one call at a time per number).
/// </summary>
public sealed class DispatchPlanner
{
    private readonly Dictionary<(Guid, string), CallWindowCalendar> _calendars = [];
    private int _rotation;

    public DispatchPlan Plan(IReadOnlyList<DueJob> due, IReadOnlyDictionary<Guid, Campaign> campaigns, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(campaigns);
        var reschedules = new List<(Guid, DateTimeOffset)>();
        var queues = new Dictionary<Guid, Queue<PlannedCall>>();
        foreach (var item in due.OrderBy(d => d.Job.NextAttemptAt).ThenBy(d => d.Job.Id))
        {
            if (!campaigns.TryGetValue(item.Job.CampaignId, out var campaign) || campaign.State != CampaignState.Active)
            {
                continue;
            }

            var calendar = CalendarFor(campaign, item.Job.Destination);
            if (calendar is null)
            {
                continue; // zone no longer known to this system's tzdata: leave it for an operator, never dial blind
            }

            if (!calendar.IsOpen(now))
            {
                reschedules.Add((item.Job.Id, calendar.NextOpening(now) ?? now.AddDays(1)));
                continue;
            }

            var local = DateOnly.FromDateTime(LocalTime.ToLocal(now, calendar.Zone));
            if (!queues.TryGetValue(campaign.Id, out var queue))
            {
                queues[campaign.Id] = queue = new Queue<PlannedCall>();
            }

            queue.Enqueue(new PlannedCall(item.Job, campaign, calendar, local));
        }

        var calls = new List<PlannedCall>();
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var rotation = _rotation++;
        foreach (var level in queues.GroupBy(q => campaigns[q.Key].Priority).OrderByDescending(g => g.Key))
        {
            var ring = level.OrderBy(q => campaigns[q.Key].CreatedAt).ThenBy(q => q.Key).Select(q => q.Value).ToList();
            var start = ring.Count == 0 ? 0 : rotation % ring.Count;
            ring = [.. ring.Skip(start), .. ring.Take(start)];
            while (ring.Count > 0)
            {
                for (var i = 0; i < ring.Count;)
                {
                    if (ring[i].TryDequeue(out var call))
                    {
                        if (numbers.Add(call.Job.Destination.Number))
                        {
                            calls.Add(call);
                        }

                        i++;
                    }
                    else
                    {
                        ring.RemoveAt(i);
                    }
                }
            }
        }

        return new DispatchPlan(calls, reschedules);
    }

    /// <summary>The calendar of a destination (its own windows, else the campaign's) in its zone; cached per campaign and zone.</summary>
    public CallWindowCalendar? CalendarFor(Campaign campaign, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(destination);
        var zone = TimeZones.TryFind(destination.TimeZone);
        if (zone is null)
        {
            return null;
        }

        if (destination.Windows is { } own)
        {
            return new CallWindowCalendar(own, zone);
        }

        var key = (campaign.Id, destination.TimeZone);
        if (!_calendars.TryGetValue(key, out var calendar))
        {
            _calendars[key] = calendar = new CallWindowCalendar(campaign.Settings.Windows, zone);
        }

        return calendar;
    }

    /// <summary>Drops cached calendars (a campaign's windows changed).</summary>
    public void Forget(Guid campaignId)
    {
        foreach (var key in _calendars.Keys.Where(k => k.Item1 == campaignId).ToList())
        {
            _calendars.Remove(key);
        }
    }
}
