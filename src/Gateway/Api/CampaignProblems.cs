using Gateway.Campaigns;
using Gateway.Campaigns.Numbers;

namespace Gateway.Api;

/// <summary>
/// The campaign service's typed errors as RFC 9457 problems: bad input → 422 naming the field (an unreadable upload
/// → 400), no such thing → 404, wrong state → 409. A failed service call changed nothing.
/// </summary>
public static class CampaignProblems
{
    /// <summary>Structural upload errors (the file cannot be read at all) rather than bad values.</summary>
    private static readonly HashSet<string> Unreadable = ["header", "line", "json", "item"];

    /// <summary>The problem for <paramref name="error"/>; <paramref name="label"/> names a destination's row (JSON index, CSV line).</summary>
    public static IResult From(CampaignException error, Func<DestinationError, string>? label = null) => error switch
    {
        CampaignNotFoundException e => Problems.Result(StatusCodes.Status404NotFound, "Not found", e.Message + "."),
        CampaignStateException e => Problems.Conflict($"The campaign is {ApiJson.EnumName(e.State)}: {e.Message}."),
        CampaignValidationException e => Problems.Invalid(
            $"{CampaignSpecMapper.ApiField(e.Field)}: {e.Reason}. Nothing was changed.",
            new Dictionary<string, string[]> { [CampaignSpecMapper.ApiField(e.Field)] = [e.Reason] }),
        DestinationsRejectedException e => Destinations(e.Errors, label ?? (d => $"line {d.Line}")),
        _ => Problems.Invalid(error.Message),
    };

    /// <summary>422 listing every bad destination (400 when the upload itself cannot be read); nothing was added.</summary>
    public static IResult Destinations(IReadOnlyList<DestinationError> errors, Func<DestinationError, string> label)
    {
        var fields = new Dictionary<string, string[]>();
        foreach (var group in errors.GroupBy(e => Unreadable.Contains(e.Field) ? $"line {e.Line}" : $"{label(e)}.{CampaignSpecMapper.ApiField(e.Field)}"))
        {
            fields[group.Key] = group.Select(e => e.Value is null ? e.Message : $"'{e.Value}': {e.Message}").ToArray();
        }

        return errors.Any(e => Unreadable.Contains(e.Field))
            ? Problems.BadRequest($"The upload cannot be read: {errors[0]}. Nothing was added.", fields)
            : Problems.Invalid($"{errors.Count} destination(s) are invalid; nothing was added.", fields);
    }
}
