namespace Gateway.Calls;

/// <summary>How long a call stayed in one state.</summary>
public sealed record FaxCallStateTiming(FaxCallState State, TimeSpan Duration);
