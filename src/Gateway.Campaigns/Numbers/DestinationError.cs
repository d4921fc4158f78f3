namespace Gateway.Campaigns.Numbers;

/// <summary>One bad destination: 1-based line (CSV line, or JSON array item), the field, the value and why.</summary>
public sealed record DestinationError(int Line, string Field, string? Value, string Message)
{
    public override string ToString() => $"line {Line}, {Field} '{Value}': {Message}";
}
