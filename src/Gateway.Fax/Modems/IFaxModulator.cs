namespace Gateway.Fax.Modems;

/// <summary>Anything that produces 8 kHz linear samples until it has finished (a modem, a tone, a gap).</summary>
public interface IFaxModulator
{
    /// <summary>True once everything, turn-off included, has been produced.</summary>
    bool IsFinished { get; }

    /// <summary>
    /// Writes up to <paramref name="samples"/>.Length samples and returns how many were written; fewer than
    /// asked means the signal ended (the rest of the span is left untouched). Allocation-free.
    /// </summary>
    int Modulate(Span<short> samples);
}
