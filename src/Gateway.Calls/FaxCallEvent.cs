namespace Gateway.Calls;

/// <summary>Everything that can happen to a call, fed to <see cref="FaxCallMachine.Handle"/> by the edge.</summary>
public abstract record FaxCallEvent
{
    /// <summary>A 1xx arrived; <paramref name="EarlyMedia"/> when it carried SDP (RFC 3261 §13.2.1, 183).</summary>
    public sealed record Provisional(int Status, bool EarlyMedia) : FaxCallEvent;

    /// <summary>200 OK to our INVITE (the SIP layer has sent the ACK).</summary>
    public sealed record Answered : FaxCallEvent;

    /// <summary>A final non-2xx response to the INVITE, or a transaction timeout (status 408).</summary>
    public sealed record Rejected(int Status) : FaxCallEvent;

    /// <summary>The far end hung up.</summary>
    public sealed record ByeReceived : FaxCallEvent;

    /// <summary>The classifier's verdict on what answered, or a network tone heard in early media.</summary>
    public sealed record Classified(AnswerClass Class) : FaxCallEvent;

    public sealed record PromptFinished : FaxCallEvent;

    /// <summary>No speech for the time <see cref="FaxCallCommand.AwaitQuiet"/> asked (a machine's greeting ended).</summary>
    public sealed record LineQuiet : FaxCallEvent;

    public sealed record ReplyHeard(ReplyClass Reply) : FaxCallEvent;

    /// <summary>CED, ANSam or V.21 flags heard while we were not yet faxing (during prompt, reply or switch delay).</summary>
    public sealed record FaxTonesHeard : FaxCallEvent;

    /// <summary>The far end sent a re-INVITE offering T.38; the machine answers with Accept/RejectT38.</summary>
    public sealed record T38Offered : FaxCallEvent;

    /// <summary>The answer to our own T.38 re-INVITE: 200 (accepted) or 488/415/408 and friends.</summary>
    public sealed record T38RequestAnswered(bool Accepted, int Status) : FaxCallEvent;

    /// <summary>The T.30 session received the far end's DIS (phase B has begun).</summary>
    public sealed record DisReceived : FaxCallEvent;

    /// <summary>A page was confirmed by MCF (T.30 §5.3.6.2.1); the count is the total confirmed so far.</summary>
    public sealed record PageConfirmed(int PagesConfirmed) : FaxCallEvent;

    /// <summary>T.30 reached phase E, or failed. The call hangs up at once (never waits for silence).</summary>
    public sealed record FaxFinished(FaxResult Result) : FaxCallEvent;

    /// <summary>The dialog is gone: our BYE or CANCEL completed (or its transaction timed out).</summary>
    public sealed record CallCleared : FaxCallEvent;

    /// <summary>Time passed; the machine checks the current state's deadline.</summary>
    public sealed record Tick : FaxCallEvent;
}
