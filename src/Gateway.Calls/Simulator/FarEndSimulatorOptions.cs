namespace Gateway.Calls.Simulator;

/// <summary>Settings of the built-in far end.</summary>
public sealed record FarEndSimulatorOptions
{
    /// <summary>SIP port on 127.0.0.1; 0 picks a free one.</summary>
    public int SipPort { get; init; }

    /// <summary>Offices by dialled number (the user part of the request URI, e.g. "+77270000001").</summary>
    public IReadOnlyDictionary<string, SimulatedOffice> Offices { get; init; } = new Dictionary<string, SimulatedOffice>();

    public SimulatedOffice DefaultOffice { get; init; } = SimulatedOffice.FaxMachine;

    /// <summary>The folder with allo.wav, da.wav and greeting.wav (assets/simulator).</summary>
    public required string VoicesFolder { get; init; }

    /// <summary>Where received pages are written.</summary>
    public required string OutputFolder { get; init; }

    public TimeSpan RingTime { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>How long the person takes to switch the fax machine on after saying "da".</summary>
    public TimeSpan SwitchOnTime { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The CSI our simulated machines send.</summary>
    public string Ident { get; init; } = "SIMULATED OFFICE";
}
