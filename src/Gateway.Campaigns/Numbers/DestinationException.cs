namespace Gateway.Campaigns.Numbers;

/// <summary>One destination could not be resolved; carries the error that names the field.</summary>
public sealed class DestinationException(DestinationError error) : Exception(error.ToString())
{
    public DestinationError Error { get; } = error;
}
