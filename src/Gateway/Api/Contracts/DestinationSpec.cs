namespace Gateway.Api.Contracts;

/// <summary>A destination as given by a client (JSON).</summary>
public sealed class DestinationSpec
{
    /// <summary>Phone number, E.164 or national with the campaign's region.</summary>
    public string? Number { get; set; }

    /// <summary>Explicit IANA zone (overrides the one derived from the number).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Caller's correlation reference (CRM id, row label).</summary>
    public string? Reference { get; set; }
}
