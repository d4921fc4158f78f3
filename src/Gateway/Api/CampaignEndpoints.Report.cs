using System.Globalization;
using System.Text;
using Gateway.Api.Views;
using Gateway.Campaigns;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;

namespace Gateway.Api;

public static partial class CampaignEndpoints
{
    /// <summary>Columns of the campaign report, in order.</summary>
    internal static readonly string[] ReportColumns =
    [
        "number", "reference", "time_zone", "status", "attempts", "pages_confirmed", "pages_total", "last_failure_class", "last_reason",
        "next_attempt_at", "completed_at", "last_attempt_started_at", "last_attempt_sip_status", "transport", "bit_rate", "ecm", "remote_ident",
    ];

    private const int ReportPageSize = 500;

    /// <summary>
    /// <c>GET /api/v1/campaigns/{id}/report</c>: every destination's outcome as CSV (RFC 4180, UTF-8, CRLF), in
    /// submission order, with its last call (transport, rate, ECM, the far end's CSI) — the delivery record an
    /// operator hands on. Streamed a page of jobs at a time, so a large campaign is never held in memory.
    /// </summary>
    private static async Task<IResult> ReportAsync(string id, HttpContext http, CampaignService service)
    {
        var ct = http.RequestAborted;
        if (await FindAsync(service, id, ct) is not { } campaign)
        {
            return Problems.NotFound($"campaign '{id}'");
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{campaign.Id}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16384, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', ReportColumns));
        for (int offset = 0; ; offset += ReportPageSize)
        {
            var page = await service.ListJobsAsync(new JobQuery(campaign.Id) { Offset = offset, Limit = ReportPageSize }, ct);
            var last = await service.Store.ListLastAttemptsAsync([.. page.Items.Where(j => j.AttemptCount > 0).Select(j => j.Id)], ct);
            foreach (var job in page.Items)
            {
                await writer.WriteLineAsync(ReportRow(job, last.GetValueOrDefault(job.Id)));
            }

            if (page.Items.Count < ReportPageSize)
            {
                break;
            }
        }

        await writer.FlushAsync(ct);
        return Results.Empty;
    }

    /// <summary>One report line; times in ISO 8601 UTC, empty where there is no value.</summary>
    internal static string ReportRow(Job job, Attempt? last)
    {
        static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
        string?[] fields =
        [
            job.Destination.Number, job.Destination.Reference, job.Destination.TimeZone, FaxView.StatusName(job.State),
            job.AttemptCount.ToString(CultureInfo.InvariantCulture), job.ResumePage.ToString(CultureInfo.InvariantCulture),
            last is { PagesTotal: > 0 } ? last.PagesTotal.ToString(CultureInfo.InvariantCulture) : "",
            job.LastFailure is { } f ? ApiJson.EnumName(f) : "", job.LastReason,
            job.State == JobState.Pending ? Time(job.NextAttemptAt) : "", Time(job.CompletedAt),
            Time(last?.StartedAt), last is { SipStatus: > 0 } ? last.SipStatus.ToString(CultureInfo.InvariantCulture) : "",
            last is null ? "" : ApiJson.EnumName(last.Transport), last is { BitRate: > 0 } ? last.BitRate.ToString(CultureInfo.InvariantCulture) : "",
            last is null ? "" : last.Ecm ? "true" : "false", last?.RemoteIdent,
        ];
        return string.Join(',', fields.Select(CsvField));
    }

    /// <summary>
    /// RFC 4180 §2: a field holding a comma, quote or line break is quoted, quotes doubled. A field a spreadsheet
    /// would run as a formula (starting with = + - @, tab or CR; OWASP "CSV injection") is prefixed with an
    /// apostrophe — except E.164 numbers and plain negative numbers, which are data.
    /// </summary>
    internal static string CsvField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        bool formula = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !(value.Length > 1 && value[0] is '+' or '-' && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0);
        string text = formula ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
