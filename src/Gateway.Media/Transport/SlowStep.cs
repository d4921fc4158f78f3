namespace Gateway.Media.Transport;

/// <summary>One participant's step (its datagrams and tick) that took long: its type, wall time, and the GC pause time in its tick so far.</summary>
public readonly record struct SlowStep(int Sequence, Type Participant, TimeSpan Wall, TimeSpan GcPauseInTick);
