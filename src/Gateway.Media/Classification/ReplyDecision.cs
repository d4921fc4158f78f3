namespace Gateway.Media.Classification;

/// <summary>A reply-detector result.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="AtMs">Stream timestamp at the end of the frame that decided it.</param>
/// <param name="UtteranceMs">For speech decisions: the utterance length (first to last voice frame).</param>
/// <param name="Reason">Short rule name for logs.</param>
public readonly record struct ReplyDecision(ReplyKind Kind, long AtMs, int UtteranceMs, string Reason)
{
    /// <summary>True for Yes, Declined, Fax and NoReply.</summary>
    public bool IsFinal => Kind is ReplyKind.Yes or ReplyKind.Declined or ReplyKind.Fax or ReplyKind.NoReply;

    /// <summary>Nothing to do.</summary>
    public static ReplyDecision None => new(ReplyKind.None, 0, 0, "");
}
