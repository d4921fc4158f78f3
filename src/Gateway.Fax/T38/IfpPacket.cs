namespace Gateway.Fax.T38;

/// <summary>
/// An IFP packet (T.38 §7, Annex A): either a T.30 indicator, or T.30 data of one modulation with one or
/// more fields.
/// </summary>
public sealed class IfpPacket
{
    private IfpPacket(T38Indicator? indicator, T38DataType dataType, IReadOnlyList<IfpField> fields)
    {
        Indicator = indicator;
        DataType = dataType;
        Fields = fields;
    }

    /// <summary>The indicator, when this is an indicator packet.</summary>
    public T38Indicator? Indicator { get; }

    /// <summary>True for an indicator packet.</summary>
    public bool IsIndicator => Indicator is not null;

    /// <summary>The data type (modulation), for a data packet.</summary>
    public T38DataType DataType { get; }

    /// <summary>The fields of a data packet (empty for indicators; a data packet may also legally have none).</summary>
    public IReadOnlyList<IfpField> Fields { get; }

    /// <summary>An indicator packet.</summary>
    public static IfpPacket ForIndicator(T38Indicator indicator) => new(indicator, default, []);

    /// <summary>A data packet.</summary>
    public static IfpPacket ForData(T38DataType dataType, params IfpField[] fields) => new(null, dataType, fields);

    /// <inheritdoc />
    public override string ToString() => IsIndicator
        ? $"indicator {Indicator}"
        : $"data {DataType} [{string.Join(", ", Fields.Select(f => f.Data.IsEmpty ? f.Type.ToString() : $"{f.Type}+{f.Data.Length}"))}]";
}
