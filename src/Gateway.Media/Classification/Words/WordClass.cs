namespace Gateway.Media.Classification.Words;

/// <summary>What the word check heard in a reply (<see cref="WordSpotter"/>).</summary>
public enum WordClass
{
    /// <summary>Not scored (the word check is off, or the utterance was too short or no longer in the buffer).</summary>
    None,

    /// <summary>The yes family: "да", "да, да", "ага", "да, принимаю".</summary>
    Yes,

    /// <summary>"нет" (and "нет, нет", "нет, спасибо").</summary>
    No,

    /// <summary>Anything else: "алло?", "слушаю", "что?", a syllable of background talk.</summary>
    Other,
}
