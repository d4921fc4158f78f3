using System.Security.Claims;
using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Campaigns;
using Gateway.Campaigns.Numbers;

namespace Gateway.Api;

public static partial class DoNotFaxEndpoints
{
    /// <summary>JSON body of an import.</summary>
    public sealed class ImportRequest
    {
        /// <summary>The entries.</summary>
        public List<AddRequest>? Entries { get; set; }
    }

    /// <summary>What an import did.</summary>
    /// <param name="Added">Numbers newly listed.</param>
    /// <param name="AlreadyListed">Numbers that were listed before (left as they were).</param>
    /// <param name="Repeated">Entries repeating a number of the same import.</param>
    /// <param name="Numbers">The numbers added, in E.164, in input order.</param>
    public sealed record ImportView(int Added, int AlreadyListed, int Repeated, IReadOnlyList<string> Numbers);

    /// <summary>
    /// <c>POST /api/v1/do-not-fax/import[?region=CC]</c>: CSV or JSON, all or nothing. The request is audited as
    /// <c>do-not-fax.import</c>; each number it added gets its own <c>do-not-fax.add</c> entry (path of the import),
    /// so the log answers "who listed this number" for imports as for single adds.
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpRequest request, CampaignService service, AuditLog audit, TimeProvider time, ApiOptions options, ILogger<AuditLog> logger)
    {
        var ct = request.HttpContext.RequestAborted;
        var region = request.Query["region"].ToString() is { Length: > 0 } r ? r : null;
        IReadOnlyList<DoNotFaxRow> rows;
        Func<DestinationError, string> label;
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
            var (parsed, errors) = DoNotFaxParser.ParseCsv(await reader.ReadToEndAsync(ct));
            label = e => $"line {e.Line}";
            if (errors.Count > 0)
            {
                return Rejected(errors, label);
            }

            rows = parsed;
        }
        else if (request.HasJsonContentType())
        {
            var (body, error) = await RequestJson.ReadAsync<ImportRequest>(request);
            if (error is not null)
            {
                return error;
            }

            rows = (body!.Entries ?? []).Select((e, i) => new DoNotFaxRow(i + 1, e.Number ?? "", e.Reason, e.Region)).ToList();
            label = e => $"entries[{e.Line - 1}]";
        }
        else
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the entries as 'application/json' ({\"entries\":[{\"number\":...,\"reason\":...}]}) or 'text/csv' with a header line (number,reason,region).");
        }

        if (rows.Count > options.MaxDestinationsPerRequest)
        {
            return Problems.Invalid($"At most {options.MaxDestinationsPerRequest} entries per import; nothing was added.",
                new Dictionary<string, string[]> { ["entries"] = [$"at most {options.MaxDestinationsPerRequest}"] });
        }

        Campaigns.Store.DoNotFaxImportResult result;
        try
        {
            result = await service.ImportDoNotFaxAsync(rows, region, ct);
        }
        catch (DoNotFaxRejectedException e)
        {
            return Rejected(e.Errors, label);
        }

        request.HttpContext.SetAuditTarget($"{result.Added.Count} added");
        try
        {
            await AuditAddedAsync(request.HttpContext, audit, time, result.Added);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The numbers are listed and stay so; the entries go to the service log instead (as AuditMiddleware does).
            logger.LogError(ex, "Audit entries of a do-not-fax import not stored: {Count} numbers added by {ActorName}", result.Added.Count, request.HttpContext.User.FindFirstValue(ClaimTypes.Name));
        }

        return Results.Ok(new ImportView(result.Added.Count, result.AlreadyListed, result.Repeated, result.Added));
    }

    private static async Task AuditAddedAsync(HttpContext context, AuditLog audit, TimeProvider time, IReadOnlyList<string> added)
    {
        var user = context.User;
        if (added.Count == 0 || user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is not { } keyId)
        {
            return;
        }

        var at = time.GetUtcNow();
        var name = user.FindFirstValue(ClaimTypes.Name) ?? "";
        var client = context.Connection.RemoteIpAddress?.ToString();
        // Not the request's token: the numbers are listed already, their entries must be written even if the client left.
        await audit.AppendManyAsync(
            added.Select(n => new AuditEntry(0, at, keyId, name, "do-not-fax.add", n, client, context.Request.Method, context.Request.Path.Value ?? "", StatusCodes.Status200OK, AuditOutcome.Succeeded)).ToList(),
            CancellationToken.None);
    }

    /// <summary>422 listing every bad entry (400 when the upload cannot be read); nothing was added.</summary>
    private static IResult Rejected(IReadOnlyList<DestinationError> errors, Func<DestinationError, string> label)
    {
        var unreadable = errors.Any(e => e.Field is "header" or "line");
        var fields = new Dictionary<string, string[]>();
        foreach (var group in errors.GroupBy(e => e.Field is "header" or "line" or "entries" ? $"line {e.Line}" : $"{label(e)}.{e.Field}"))
        {
            fields[group.Key] = group.Select(e => e.Value is null ? e.Message : $"'{e.Value}': {e.Message}").ToArray();
        }

        return unreadable
            ? Problems.BadRequest($"The upload cannot be read: {errors[0]}. Nothing was added.", fields)
            : Problems.Invalid($"{errors.Count} entr{(errors.Count == 1 ? "y is" : "ies are")} invalid; nothing was added.", fields);
    }
}
