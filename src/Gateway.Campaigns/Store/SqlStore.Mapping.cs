using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

public abstract partial class SqlStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    internal const string CampaignColumns = "id, name, state, priority, is_single, settings, created_at, updated_at, started_at, finished_at";

    internal const string JobColumns = "id, campaign_id, number, time_zone, zone_source, candidate_zones, windows, reference, state, next_attempt_at, attempt_count, failure_counts, ever_answered, resume_page, last_failure, last_reason, source_line, seq, created_at, updated_at, completed_at";

    internal const string AttemptColumns = "id, job_id, campaign_id, seq, number, trunk, state, node_id, lease_expires_at, started_at, answered_at, ended_at, outcome, sip_status, start_page, pages_confirmed, pages_total, transport, bit_rate, ecm, remote_ident, reason";

    internal static Campaign ReadCampaign(DbDataReader r) => new()
    {
        Id = Guid.Parse(r.GetString(0)),
        State = (CampaignState)r.GetInt32(2),
        IsSingleFax = r.GetInt32(4) != 0,
        Settings = JsonSerializer.Deserialize<CampaignSettings>(r.GetString(5), Json)!,
        CreatedAt = At(r.GetInt64(6)),
        UpdatedAt = At(r.GetInt64(7)),
        StartedAt = OptAt(r, 8),
        FinishedAt = OptAt(r, 9),
    };

    internal static Job ReadJob(DbDataReader r) => new()
    {
        Id = Guid.Parse(r.GetString(0)),
        CampaignId = Guid.Parse(r.GetString(1)),
        Destination = new Destination(
            r.GetString(2),
            r.GetString(3),
            (TimeZoneSource)r.GetInt32(4),
            JsonSerializer.Deserialize<string[]>(r.GetString(5), Json)!,
            r.IsDBNull(6) ? null : JsonSerializer.Deserialize<CallWindows>(r.GetString(6), Json),
            r.IsDBNull(7) ? null : r.GetString(7)),
        State = (JobState)r.GetInt32(8),
        NextAttemptAt = OptAt(r, 9),
        AttemptCount = r.GetInt32(10),
        FailureCounts = ReadCounts(r.GetString(11)),
        EverAnswered = r.GetInt32(12) != 0,
        ResumePage = r.GetInt32(13),
        LastFailure = r.IsDBNull(14) ? null : (FailureClass)r.GetInt32(14),
        LastReason = r.IsDBNull(15) ? null : r.GetString(15),
        SourceLine = r.GetInt32(16),
        CreatedAt = At(r.GetInt64(18)),
        UpdatedAt = At(r.GetInt64(19)),
        CompletedAt = OptAt(r, 20),
    };

    internal static Attempt ReadAttempt(DbDataReader r) => new()
    {
        Id = Guid.Parse(r.GetString(0)),
        JobId = Guid.Parse(r.GetString(1)),
        CampaignId = Guid.Parse(r.GetString(2)),
        Sequence = r.GetInt32(3),
        Number = r.GetString(4),
        Trunk = r.GetString(5),
        State = (AttemptState)r.GetInt32(6),
        NodeId = r.GetString(7),
        LeaseExpiresAt = At(r.GetInt64(8)),
        StartedAt = At(r.GetInt64(9)),
        AnsweredAt = OptAt(r, 10),
        EndedAt = OptAt(r, 11),
        Outcome = r.IsDBNull(12) ? null : (FailureClass)r.GetInt32(12),
        SipStatus = r.GetInt32(13),
        StartPage = r.GetInt32(14),
        PagesConfirmed = r.GetInt32(15),
        PagesTotal = r.GetInt32(16),
        Transport = (FaxTransport)r.GetInt32(17),
        BitRate = r.GetInt32(18),
        Ecm = r.GetInt32(19) != 0,
        RemoteIdent = r.IsDBNull(20) ? null : r.GetString(20),
        Reason = r.IsDBNull(21) ? null : r.GetString(21),
    };

    internal static Dictionary<FailureClass, int> ReadCounts(string json) =>
        JsonSerializer.Deserialize<Dictionary<FailureClass, int>>(json, Json) ?? [];

    internal static string WriteCounts(IReadOnlyDictionary<FailureClass, int> counts) => JsonSerializer.Serialize(counts, Json);

    internal static DateTimeOffset? OptAt(DbDataReader r, int i) => r.IsDBNull(i) ? null : At(r.GetInt64(i));

    internal static (string Name, object? Value)[] JobParameters(Job job) =>
    [
        ("id", Id(job.Id)), ("campaign_id", Id(job.CampaignId)), ("number", job.Destination.Number), ("time_zone", job.Destination.TimeZone),
        ("zone_source", (int)job.Destination.TimeZoneSource), ("candidate_zones", JsonSerializer.Serialize(job.Destination.CandidateZones, Json)),
        ("windows", job.Destination.Windows is null ? null : JsonSerializer.Serialize(job.Destination.Windows, Json)), ("reference", job.Destination.Reference),
        ("state", (int)job.State), ("next_attempt_at", Ms(job.NextAttemptAt)), ("attempt_count", job.AttemptCount), ("failure_counts", WriteCounts(job.FailureCounts)),
        ("ever_answered", job.EverAnswered ? 1 : 0), ("resume_page", job.ResumePage), ("last_failure", Int((int?)job.LastFailure)), ("last_reason", job.LastReason),
        ("source_line", job.SourceLine), ("seq", 0), ("created_at", Ms(job.CreatedAt)), ("updated_at", Ms(job.UpdatedAt)), ("completed_at", Ms(job.CompletedAt)),
    ];
}
