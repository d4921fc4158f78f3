using Gateway.Fax.T30;
using Gateway.Media.Classification;
using Gateway.Media.Prompts;
using Gateway.Media.Vad;
using Gateway.Sip.UserAgent;

namespace Gateway.Calls;

/// <summary>One call to place: where, through which trunk, what to send and how to behave.</summary>
public sealed record FaxCallRequest
{
    /// <summary>The number (E.164) or SIP URI to call.</summary>
    public required string Target { get; init; }

    public required SipTrunk Trunk { get; init; }

    /// <summary>The prepared document; pages already confirmed in an earlier attempt are skipped by <see cref="T30.StartPage"/>.</summary>
    public required IT30PageSource Document { get; init; }

    /// <summary>T.30 settings of our (calling, transmitting) terminal: TSI, modems, ECM, start page.</summary>
    public required T30Settings T30 { get; init; }

    /// <summary>The "Prinyat fax?" prompt played to a person.</summary>
    public required Prompt Prompt { get; init; }

    public FaxCallSettings Settings { get; init; } = new();

    public AnswerClassifierOptions Classifier { get; init; } = new();

    public ReplyDetectorOptions Reply { get; init; } = new();

    /// <summary>How each 20 ms frame is judged speech (echo canceller, gate, double talk), for the classifier and the reply.</summary>
    public SpeechOptions Speech { get; init; } = new();

    /// <summary>Which VAD judges the frames: the DSP detector (default) or Silero when its model file is present.</summary>
    public VadSelection Vad { get; init; } = new();
}
