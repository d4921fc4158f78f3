namespace Gateway.Dispatching;

/// <summary>Configuration section <c>Calls</c>: which call placer the dispatcher uses (see <c>Hosting/CallPlacerRegistration</c>).</summary>
public sealed class CallsOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Calls";

    /// <summary><c>scripted</c>: the test and demo double (<see cref="ScriptedCallPlacer"/>).</summary>
    public string Mode { get; set; } = "scripted";

    /// <summary>Rules of the scripted placer.</summary>
    public ScriptedCallOptions Scripted { get; set; } = new();
}
