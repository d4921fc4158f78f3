namespace Gateway.Media.Transport;

/// <summary>
/// One participant's step that took long: its type, wall time, the GC pause time in its tick so far, and whether it
/// was the receive pass (its datagrams) or its tick (what it plays and sends).
/// </summary>
public readonly record struct SlowStep(int Sequence, Type Participant, TimeSpan Wall, TimeSpan GcPauseInTick, bool Receiving = false);
