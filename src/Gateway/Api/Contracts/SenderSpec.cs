namespace Gateway.Api.Contracts;

/// <summary>Sender identity on the fax.</summary>
public sealed class SenderSpec
{
    /// <summary>T.30 TSI: at most 20 digits, '+' and spaces (T.30 §5.3.6.2.6).</summary>
    public string? Tsi { get; set; }

    /// <summary>Header line text, at most 60 printable characters.</summary>
    public string? HeaderText { get; set; }

    /// <summary>Caller number presented.</summary>
    public string? CallerNumber { get; set; }
}
