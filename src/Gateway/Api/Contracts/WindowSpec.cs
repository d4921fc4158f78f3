namespace Gateway.Api.Contracts;

/// <summary>One weekly range: days and a local time range (<c>from</c> inclusive, <c>to</c> exclusive; <c>24:00</c> allowed).</summary>
public sealed class WindowSpec
{
    /// <summary>mon..sun.</summary>
    public List<string>? Days { get; set; }

    /// <summary>HH:MM.</summary>
    public string? From { get; set; }

    /// <summary>HH:MM or 24:00.</summary>
    public string? To { get; set; }
}
