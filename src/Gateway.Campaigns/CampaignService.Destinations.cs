using System.Text;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns;

public sealed partial class CampaignService
{
    /// <summary>
    /// Adds destinations to a Draft, Active or Paused campaign: all or none. Any bad line raises
    /// <see cref="DestinationsRejectedException"/> listing every bad line and field; numbers already in the campaign
    /// (or repeated in the upload) are skipped and counted.
    /// </summary>
    public async Task<AddDestinationsResult> AddDestinationsAsync(Guid campaignId, IReadOnlyList<DestinationInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var campaign = await GetAsync(campaignId, cancellationToken);
        if (campaign.State is not (CampaignState.Draft or CampaignState.Active or CampaignState.Paused) || campaign.IsSingleFax)
        {
            throw new CampaignStateException(campaignId, campaign.State, "add destinations");
        }

        if (inputs.Count == 0)
        {
            throw new CampaignValidationException("destinations", "the upload holds no destination");
        }

        if (inputs.Count > _options.MaxDestinationsPerUpload)
        {
            throw new CampaignValidationException("destinations", $"at most {_options.MaxDestinationsPerUpload} per upload");
        }

        var destinations = Resolve(campaign.Settings, inputs);
        var now = time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var jobs = new List<Job>(destinations.Count);
        for (var i = 0; i < destinations.Count; i++)
        {
            if (seen.Add(destinations[i].Number))
            {
                jobs.Add(NewJob(campaignId, destinations[i], inputs[i].Line, now));
            }
        }

        var added = await store.InsertJobsAsync(campaignId, jobs, cancellationToken);
        return new AddDestinationsResult(added, inputs.Count - added);
    }

    /// <summary>Adds destinations from CSV text (header: number[,time_zone][,reference]).</summary>
    public Task<AddDestinationsResult> AddDestinationsCsvAsync(Guid campaignId, string csv, CancellationToken cancellationToken = default)
    {
        var (inputs, errors) = DestinationParser.ParseCsv(csv);
        return errors.Count > 0 ? throw new DestinationsRejectedException(errors) : AddDestinationsAsync(campaignId, inputs, cancellationToken);
    }

    /// <summary>Adds destinations from a UTF-8 JSON array.</summary>
    public Task<AddDestinationsResult> AddDestinationsJsonAsync(Guid campaignId, ReadOnlyMemory<byte> json, CancellationToken cancellationToken = default)
    {
        var (inputs, errors) = DestinationParser.ParseJson(json.Span);
        return errors.Count > 0 ? throw new DestinationsRejectedException(errors) : AddDestinationsAsync(campaignId, inputs, cancellationToken);
    }

    public async Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        await store.GetJobAsync(jobId, cancellationToken) ?? throw new CampaignNotFoundException("job", jobId);

    public async Task<PageOf<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckPage(query.Offset, query.Limit);
        await GetAsync(query.CampaignId, cancellationToken);
        return await store.ListJobsAsync(query, cancellationToken);
    }

    public async Task<IReadOnlyList<Attempt>> ListAttemptsAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await GetJobAsync(jobId, cancellationToken);
        return await store.ListAttemptsAsync(jobId, cancellationToken);
    }

    /// <summary>Stores a document once per SHA-256; the format is recognized from its bytes (PDF, TIFF, PNG, JPEG).</summary>
    public async Task<DocumentRef> AddDocumentAsync(ReadOnlyMemory<byte> bytes, string fileName, CancellationToken cancellationToken = default)
    {
        if (bytes.Length == 0)
        {
            throw new CampaignValidationException("document", "empty file");
        }

        if (bytes.Length > _options.MaxDocumentBytes)
        {
            throw new CampaignValidationException("document", $"larger than {_options.MaxDocumentBytes} bytes");
        }

        var kind = DocumentKind.Detect(bytes.Span) ?? throw new CampaignValidationException("document", "not a PDF, TIFF, PNG or JPEG file");
        var name = string.IsNullOrWhiteSpace(fileName) ? "document" : Path.GetFileName(fileName.Trim());
        if (name.Length > 255 || name.Any(char.IsControl))
        {
            throw new CampaignValidationException("fileName", "at most 255 printable characters");
        }

        return await store.AddDocumentAsync(bytes, name, kind, time.GetUtcNow(), cancellationToken);
    }

    public async Task<DocumentRef> GetDocumentAsync(Guid id, CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(id, cancellationToken) ?? throw new CampaignNotFoundException("document", id);

    /// <summary>Decodes CSV bytes as UTF-8 (BOM tolerated) for <see cref="AddDestinationsCsvAsync"/>.</summary>
    public static string DecodeCsv(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
