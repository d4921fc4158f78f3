namespace Gateway.Calls;

/// <summary>What the machine asks the edge to do. The edge carries them out in order.</summary>
public abstract record FaxCallCommand
{
    public sealed record SendInvite : FaxCallCommand;

    /// <summary>CANCEL the pending INVITE (RFC 3261 §9.1); a 200 that crosses it is ACKed and BYEd by the SIP layer.</summary>
    public sealed record Cancel : FaxCallCommand;

    public sealed record SendBye : FaxCallCommand;

    /// <summary>Start (or keep) listening with the answer classifier; also used over early media.</summary>
    public sealed record StartClassifier : FaxCallCommand;

    /// <summary>Play the prompt; <paramref name="Repeat"/> counts from 1.</summary>
    public sealed record PlayPrompt(int Repeat) : FaxCallCommand;

    public sealed record StopPrompt : FaxCallCommand;

    /// <summary>Listen until the line has been free of speech for <paramref name="Quiet"/>; then <see cref="FaxCallEvent.LineQuiet"/>.</summary>
    public sealed record AwaitQuiet(TimeSpan Quiet) : FaxCallCommand;

    /// <summary>Listen for the reply (the detector runs during the prompt for barge-in too).</summary>
    public sealed record StartReplyDetector : FaxCallCommand;

    /// <summary>Send CNG (1100 Hz, 0.5 s on / 3 s off, T.30 §5.1) while the person switches the machine on.</summary>
    public sealed record StartCng : FaxCallCommand;

    /// <summary>Start T.30 as the calling transmitter on the given transport.</summary>
    public sealed record StartFax(FaxTransport Transport) : FaxCallCommand;

    /// <summary>Send our own re-INVITE to T.38 (RFC 3264 §8.3.3: the audio m-line becomes image).</summary>
    public sealed record RequestT38 : FaxCallCommand;

    public sealed record AcceptT38 : FaxCallCommand;

    /// <summary>Answer the far end's T.38 offer with 488 Not Acceptable Here (RFC 3261 §21.4.26).</summary>
    public sealed record RejectT38 : FaxCallCommand;

    /// <summary>Move the running T.30 session from G.711 audio to T.38 without losing its state.</summary>
    public sealed record SwitchFaxToT38 : FaxCallCommand;

    /// <summary>The call is over; <paramref name="Outcome"/> is final.</summary>
    public sealed record Finish(FaxCallOutcome Outcome) : FaxCallCommand;
}
