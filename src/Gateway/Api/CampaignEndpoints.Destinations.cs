using Gateway.Api.Contracts;
using Gateway.Api.Views;
using Gateway.Campaigns;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;

namespace Gateway.Api;

public static partial class CampaignEndpoints
{
    /// <summary>JSON body of a destinations upload.</summary>
    public sealed class DestinationsRequest
    {
        /// <summary>The destinations.</summary>
        public List<DestinationSpec>? Destinations { get; set; }
    }

    private static async Task<IResult> AddDestinationsAsync(string id, HttpRequest request, CampaignService service, ApiOptions options)
    {
        var ct = request.HttpContext.RequestAborted;
        if (await FindAsync(service, id, ct) is not { } campaign)
        {
            return Problems.NotFound($"campaign '{id}'");
        }

        IReadOnlyList<DestinationInput> inputs;
        Func<DestinationError, string> label;
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
            var (parsed, errors) = DestinationParser.ParseCsv(await reader.ReadToEndAsync(ct));
            label = e => $"line {e.Line}";
            if (errors.Count > 0)
            {
                return CampaignProblems.Destinations(errors, label);
            }

            inputs = parsed;
        }
        else if (request.HasJsonContentType())
        {
            var (body, error) = await RequestJson.ReadAsync<DestinationsRequest>(request);
            if (error is not null)
            {
                return error;
            }

            inputs = (body!.Destinations ?? []).Select((d, i) => new DestinationInput(i + 1, d.Number ?? "", d.TimeZone, d.Reference)).ToList();
            label = JsonLabel;
        }
        else
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send destinations as 'application/json' ({\"destinations\":[...]}) or 'text/csv' with a header line (number,time_zone,reference).");
        }

        if (inputs.Count > options.MaxDestinationsPerRequest)
        {
            return Problems.Invalid($"At most {options.MaxDestinationsPerRequest} destinations per request; nothing was added.",
                new Dictionary<string, string[]> { ["destinations"] = [$"at most {options.MaxDestinationsPerRequest}"] });
        }

        try
        {
            var result = await service.AddDestinationsAsync(campaign.Id, inputs, ct);
            return TypedResults.Created($"/api/v1/campaigns/{campaign.Id}/jobs", new { campaignId = campaign.Id, added = result.Added, duplicates = result.Duplicates });
        }
        catch (CampaignException e)
        {
            return CampaignProblems.From(e, label);
        }
    }

    private static async Task<IResult> ListJobsAsync(string id, HttpRequest request, CampaignService service, ApiOptions options)
    {
        var ct = request.HttpContext.RequestAborted;
        if (await FindAsync(service, id, ct) is not { } campaign)
        {
            return Problems.NotFound($"campaign '{id}'");
        }

        var (page, size, error) = Paging.Read(request, options);
        if (error is not null)
        {
            return error;
        }

        JobState? state = null;
        if (request.Query["status"].ToString() is { Length: > 0 } s)
        {
            var match = Enum.GetValues<JobState>().Where(v => FaxView.StatusName(v) == s).ToArray();
            if (match.Length == 0)
            {
                return Problems.BadRequest($"'status' must be one of {string.Join(", ", Enum.GetValues<JobState>().Select(FaxView.StatusName))}.");
            }

            state = match[0];
        }

        var result = await service.ListJobsAsync(new JobQuery(campaign.Id) { State = state, Offset = (page - 1) * size, Limit = size }, ct);
        return Results.Ok(new PageView<FaxView>(result.Items.Select(FaxView.From).ToList(), page, size, result.Total));
    }
}
