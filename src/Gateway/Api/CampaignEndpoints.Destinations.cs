using System.Text.Json;
using Gateway.Engine;

namespace Gateway.Api;

public static partial class CampaignEndpoints
{
    /// <summary>JSON body of a destinations upload.</summary>
    public sealed class DestinationsRequest
    {
        /// <summary>The destinations.</summary>
        public List<DestinationInput>? Destinations { get; set; }
    }

    private static async Task<IResult> AddDestinationsAsync(string id, HttpRequest request, EngineStore store, ApiOptions options)
    {
        var ct = request.HttpContext.RequestAborted;
        var campaign = await store.GetCampaignAsync(id, ct);
        if (campaign is not { Kind: "campaign" })
        {
            return Problems.NotFound($"campaign '{id}'");
        }

        List<(string Label, DestinationInput Row)> rows;
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
            var (parsed, csvError) = DestinationCsv.Parse(await reader.ReadToEndAsync(ct));
            if (csvError is not null)
            {
                return Problems.BadRequest($"The CSV cannot be read: {csvError}. Nothing was added.");
            }

            rows = parsed!.Select(r => ($"line {r.Line}", r.Row)).ToList();
        }
        else if (request.HasJsonContentType())
        {
            var (body, error) = await RequestJson.ReadAsync<DestinationsRequest>(request);
            if (error is not null)
            {
                return error;
            }

            rows = (body!.Destinations ?? []).Select((d, i) => ($"destinations[{i}]", d)).ToList();
        }
        else
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send destinations as 'application/json' ({\"destinations\":[...]}) or 'text/csv' with a header line.");
        }

        if (rows.Count == 0)
        {
            return Problems.Invalid("No destinations were given.", new Dictionary<string, string[]> { ["destinations"] = ["at least one"] });
        }

        var (jobs, errors) = CampaignValidation.Destinations(rows, campaign.Spec, options.MaxDestinationsPerRequest);
        if (errors.Count > 0)
        {
            return Problems.Invalid($"{errors.Count} destination(s) are invalid; nothing was added.", errors);
        }

        if (!await store.AddJobsAsync(id, jobs, ct))
        {
            return Problems.Conflict($"The campaign is {campaign.State}; destinations can be added to draft, active or paused campaigns.");
        }

        return TypedResults.Created($"/api/v1/campaigns/{id}/jobs", new { campaignId = id, added = jobs.Count });
    }

    private static async Task<IResult> ListJobsAsync(string id, HttpRequest request, EngineStore store, ApiOptions options)
    {
        var ct = request.HttpContext.RequestAborted;
        if (await store.GetCampaignAsync(id, ct) is null)
        {
            return Problems.NotFound($"campaign '{id}'");
        }

        var (page, size, error) = Paging.Read(request, options);
        if (error is not null)
        {
            return error;
        }

        var status = request.Query["status"].ToString() is { Length: > 0 } s ? s : null;
        if (status is not null && !JobStatuses.Contains(status))
        {
            return Problems.BadRequest($"'status' must be one of {string.Join(", ", JobStatuses)}.");
        }

        var result = await store.ListJobsAsync(id, status, page, size, ct);
        return Results.Ok(new PageView<FaxView>(result.Items.Select(FaxView.From).ToList(), result.PageNumber, result.PageSize, result.Total));
    }

}
