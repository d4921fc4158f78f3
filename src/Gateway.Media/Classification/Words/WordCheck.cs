namespace Gateway.Media.Classification.Words;

/// <summary>How the reply detector uses the word check (<see cref="ReplyDetectorOptions.WordCheck"/>).</summary>
public enum WordCheck
{
    /// <summary>Level and length rules only (sessions 1–6): any short utterance that stands out is a yes.</summary>
    Off,

    /// <summary>A confident "нет" declines (as DTMF "no" does); everything else is judged as with <see cref="Off"/>.</summary>
    RejectNo,

    /// <summary>
    /// A confident "нет" declines; a yes must also be heard as one of the yes family. Anything else ("алло?", other words)
    /// asks for the question again when a replay is left, and is dropped otherwise.
    /// </summary>
    Require,
}
