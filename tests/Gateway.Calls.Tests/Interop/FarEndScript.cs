using Gateway.Media.Prompts;

namespace Gateway.Calls.Tests.Interop;

/// <summary>How the test's far end behaves on the media the sipp scenario announced.</summary>
internal sealed record FarEndScript
{
    /// <summary>Said 400 ms after the answer ("Allo?").</summary>
    public Prompt? Greeting { get; init; }

    /// <summary>Said once the caller has spoken (our prompt) and then been quiet for 600 ms; null: never.</summary>
    public Prompt? Reply { get; init; }

    /// <summary>A spandsp audio fax answers: at once when there is no greeting, else <see cref="SwitchOn"/> after the reply.</summary>
    public bool FaxOverAudio { get; init; }

    /// <summary>The time the person takes to switch the fax machine on after saying the reply.</summary>
    public TimeSpan SwitchOn { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>spandsp's ECM capability.</summary>
    public bool Ecm { get; init; }

    /// <summary>Share of UDPTL datagrams lost in each direction (seeded, reproducible).</summary>
    public double UdptlLoss { get; init; }
}
