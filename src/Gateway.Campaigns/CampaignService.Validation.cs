using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using PhoneNumbers;

namespace Gateway.Campaigns;

public sealed partial class CampaignService
{
    private const int MaxNameLength = 200;

    // The header line carries date, sender and page number within 1728 px (T.4 §2.2 page width); keep it short.
    private const int MaxHeaderLength = 60;

    /// <summary>Checks every field; throws <see cref="CampaignValidationException"/> naming the first bad one.</summary>
    public async Task ValidateAsync(CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Name) || settings.Name.Length > MaxNameLength)
        {
            throw new CampaignValidationException("name", $"required, at most {MaxNameLength} characters");
        }

        if (settings.DocumentIds is null || settings.DocumentIds.Count == 0)
        {
            throw new CampaignValidationException("documents", "at least one document is required");
        }

        foreach (var id in settings.DocumentIds)
        {
            if (await store.GetDocumentAsync(id, cancellationToken) is null)
            {
                throw new CampaignValidationException("documents", $"document {id} is not in the registry");
            }
        }

        if (settings.DefaultRegion is { } region && !PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.Trim().ToUpperInvariant()))
        {
            throw new CampaignValidationException("defaultRegion", $"'{region}' is not an ISO 3166 region libphonenumber knows (e.g. KZ, RU, US)");
        }

        if (settings.Sender is null)
        {
            throw new CampaignValidationException("sender", "required");
        }

        // T.30 §5.3.6.2.6: TSI is 20 characters of digits, '+' and space.
        if (settings.Sender.Tsi is null || !TsiPattern().IsMatch(settings.Sender.Tsi))
        {
            throw new CampaignValidationException("sender.tsi", "at most 20 characters of digits, '+' and space (T.30 §5.3.6.2.6)");
        }

        if (settings.Sender.HeaderText is null || settings.Sender.HeaderText.Length > MaxHeaderLength || settings.Sender.HeaderText.Any(char.IsControl))
        {
            throw new CampaignValidationException("sender.headerText", $"at most {MaxHeaderLength} printable characters");
        }

        if (settings.Sender.CallerNumber is { } caller)
        {
            try
            {
                new DestinationResolver(settings.DefaultRegion, null).Normalize(caller);
            }
            catch (DestinationException e)
            {
                throw new CampaignValidationException("sender.callerNumber", e.Error.Message);
            }
        }

        if (settings.Priority is < 0 or > 255)
        {
            throw new CampaignValidationException("priority", "must be between 0 and 255");
        }

        Validate("windows", () => settings.Windows.Validate());
        Validate("retry", () => settings.Retry.Validate());

        if (settings.Webhook is { } hook)
        {
            if (!hook.Url.IsAbsoluteUri || (hook.Url.Scheme != Uri.UriSchemeHttp && hook.Url.Scheme != Uri.UriSchemeHttps))
            {
                throw new CampaignValidationException("webhook.url", "must be an absolute http or https URL");
            }

            if (string.IsNullOrEmpty(hook.Secret) || hook.Secret.Length < 16)
            {
                throw new CampaignValidationException("webhook.secret", "at least 16 characters (it keys HMAC-SHA256)");
            }
        }

        if (settings.DefaultTimeZone is { } zone)
        {
            TimeZones.Find(zone, "defaultTimeZone");
        }

        if (string.IsNullOrWhiteSpace(settings.Trunk))
        {
            throw new CampaignValidationException("trunk", "required");
        }
    }

    private static void Validate(string field, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            throw new CampaignValidationException(field, e.Message);
        }
    }

    private static CampaignSettings Normalize(CampaignSettings settings) => settings with
    {
        Name = settings.Name.Trim(),
        DefaultTimeZone = settings.DefaultTimeZone is null ? null : TimeZones.Find(settings.DefaultTimeZone, "defaultTimeZone").Id,
        DefaultRegion = settings.DefaultRegion?.Trim().ToUpperInvariant(),
        Sender = settings.Sender with
        {
            CallerNumber = settings.Sender.CallerNumber is null ? null : new DestinationResolver(settings.DefaultRegion, null).Normalize(settings.Sender.CallerNumber),
        },
    };

    private static List<Destination> Resolve(CampaignSettings settings, IReadOnlyList<DestinationInput> inputs)
    {
        var resolver = new DestinationResolver(settings.DefaultRegion, settings.DefaultTimeZone);
        var result = new List<Destination>(inputs.Count);
        var errors = new List<DestinationError>();
        foreach (var input in inputs)
        {
            try
            {
                result.Add(resolver.Resolve(input));
            }
            catch (DestinationException e)
            {
                errors.Add(e.Error);
            }
        }

        if (errors.Count > 0)
        {
            throw new DestinationsRejectedException(errors);
        }

        return result;
    }
}
