namespace Gateway.Media.Tones;

/// <summary>
/// A set of call-progress tones to listen for. Sources: GOST 45-223-2001 (Russia, Kazakhstan: 425 Hz, busy
/// 0.35/0.35 s, congestion 0.175/0.175 s, ringback 1/4 s), ITU-T E.180 Suppl. 2 / ETSI TR 101 041 (Europe:
/// 425 Hz, busy 0.5/0.5 s, Germany 0.48/0.48 s, congestion 0.25/0.25 s, Germany 0.24/0.24 s), and the North
/// American precise tone plan (busy 480+620 Hz 0.5/0.5 s, reorder 0.25/0.25 s, ringback 440+480 Hz 2/4 s).
/// </summary>
public sealed class CallProgressPlan
{
    /// <summary>Creates a plan from tones.</summary>
    public CallProgressPlan(string name, IReadOnlyList<CadenceTone> tones)
    {
        ArgumentNullException.ThrowIfNull(tones);
        if (tones.Count == 0)
        {
            throw new ArgumentException("A call-progress plan needs at least one tone.", nameof(tones));
        }

        Name = name;
        Tones = tones;
    }

    /// <summary>Plan name.</summary>
    public string Name { get; }

    /// <summary>The tones.</summary>
    public IReadOnlyList<CadenceTone> Tones { get; }

    /// <summary>Russia and Kazakhstan (GOST 45-223-2001).</summary>
    public static CallProgressPlan Russia { get; } = new("Russia", RussiaTones());

    /// <summary>Europe (CEPT 425 Hz) with German variants.</summary>
    public static CallProgressPlan Europe { get; } = new("Europe", EuropeTones());

    /// <summary>North America.</summary>
    public static CallProgressPlan NorthAmerica { get; } = new("NorthAmerica", NorthAmericaTones());

    /// <summary>Everything above at once; segments are matched to the nearest cadence. The default.</summary>
    public static CallProgressPlan All { get; } = new("All", [.. RussiaTones(), .. EuropeTones(), .. NorthAmericaTones()]);

    /// <summary>Looks a plan up by name (Russia, Kazakhstan, Europe, NorthAmerica, All; case-insensitive).</summary>
    public static CallProgressPlan FromName(string name) => name.ToUpperInvariant() switch
    {
        "RUSSIA" or "KAZAKHSTAN" or "RU" or "KZ" => Russia,
        "EUROPE" or "EU" => Europe,
        "NORTHAMERICA" or "NA" or "US" => NorthAmerica,
        "ALL" => All,
        _ => throw new ArgumentException($"Unknown call-progress plan '{name}'. Known: Russia, Kazakhstan, Europe, NorthAmerica, All.", nameof(name)),
    };

    private static CadenceTone[] RussiaTones() =>
    [
        new(ToneKind.Busy, "RU busy", 425, 0, 350, 350),
        new(ToneKind.Congestion, "RU congestion", 425, 0, 175, 175),
        new(ToneKind.Ringback, "RU ringback", 425, 0, 1000, 4000),
    ];

    private static CadenceTone[] EuropeTones() =>
    [
        new(ToneKind.Busy, "EU busy", 425, 0, 500, 500),
        new(ToneKind.Busy, "DE busy", 425, 0, 480, 480),
        new(ToneKind.Congestion, "EU congestion", 425, 0, 250, 250),
        new(ToneKind.Congestion, "DE congestion", 425, 0, 240, 240),
        new(ToneKind.Ringback, "EU ringback", 425, 0, 1000, 4000),
    ];

    private static CadenceTone[] NorthAmericaTones() =>
    [
        new(ToneKind.Busy, "NA busy", 480, 620, 500, 500),
        new(ToneKind.Congestion, "NA reorder", 480, 620, 250, 250),
        new(ToneKind.Ringback, "NA ringback", 440, 480, 2000, 4000),
    ];
}
