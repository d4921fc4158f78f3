using Gateway.Fax.Modems;
using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Dtmf;
using Gateway.Media.Prompts;
using Gateway.Media.Rtp;
using Gateway.Media.Transport;
using Gateway.Media.Vad;

namespace Gateway.Calls.Media;

/// <summary>
/// The call's G.711 audio, one 20 ms frame at a time on the media thread: it decodes what was heard,
/// runs the listener the call is in (answer classifier, reply detector) with what we played as the
/// echo reference, and produces what we send (silence, the prompt, CNG, or the fax modem's audio).
/// Decisions go to the call as <see cref="FaxCallEvent"/>s through <see cref="Post"/>; the call switches
/// modes with the methods below, which are safe to call from any thread.
/// </summary>
public sealed class CallAudioPath : IRtpAudioHandler
{
    private readonly G711Law _law;
    private readonly Action<FaxCallEvent> _post;
    private readonly short[] _heard = new short[JitterBuffer.FrameSamples];
    private readonly short[] _played = new short[JitterBuffer.FrameSamples];
    private readonly TelephoneEventReceiver _events = new();
    private readonly CngGenerator _cng = new();

    private volatile Mode _mode = Mode.Silent;
    private volatile Listener _listener = Listener.None;
    private AnswerClassifier? _classifier;
    private ReplyDetector? _reply;
    private Prompt? _prompt;
    private int _promptFrame;
    private IFaxAudioPort? _fax;
    private long _nowMs;
    private bool _earlyMedia = true;
    private bool _reported;
    private readonly AnalysisFrame _quietFrame = new();
    private long _quietNeededMs;
    private long _quietMs;

    public CallAudioPath(G711Law law, Action<FaxCallEvent> post)
    {
        _law = law;
        _post = post;
    }

    /// <summary>Makes the speech detector of a new answer classifier (the call's configured VAD and speech options).</summary>
    public Func<SpeechDetector> NewSpeechDetector { get; init; } = () => new SpeechDetector();

    private enum Mode
    {
        Silent,
        Prompt,
        Cng,
        Fax,
    }

    private enum Listener
    {
        None,
        Classifier,
        Reply,
        Quiet,
    }

    /// <summary>The speech detector the reply detector uses (null before the first prompt); for tests.</summary>
    internal SpeechDetector? ReplySpeech => _reply?.Speech;

    /// <summary>The speech detector of the current answer classifier (null before classification); for tests.</summary>
    internal SpeechDetector? ClassifierSpeech => _classifier?.Speech;

    /// <summary>Receives both directions of every frame (the debugging capture); null when none.</summary>
    public Capture.CallCapture? Capture { get; set; }

    /// <summary>Handles RFC 4733 telephone-events (wired to <see cref="RtpSession.OtherPayloadReceived"/>).</summary>
    public void OnTelephoneEvent(byte payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload)
    {
        char digit = _events.Receive(payload, timestamp);
        if (digit != '\0' && _listener == Listener.Reply && _reply is { } reply)
        {
            Report(reply.OnDigit(digit, _nowMs));
        }
    }

    /// <summary>Listens with a fresh answer classifier; <paramref name="answered"/> false for early media.</summary>
    public void StartClassifier(AnswerClassifierOptions options, bool answered)
    {
        if (_listener == Listener.Classifier && _earlyMedia == !answered)
        {
            return; // already listening since the answer: keep what was heard
        }

        _classifier = new AnswerClassifier(options, NewSpeechDetector());
        _earlyMedia = !answered;
        _reported = false;
        _listener = Listener.Classifier;
    }

    /// <summary>
    /// Listens with the answer classifier's speech detector (it knows this line) until no speech has been heard for
    /// <paramref name="quiet"/>, then posts <see cref="FaxCallEvent.LineQuiet"/> once: the end of a machine's greeting.
    /// </summary>
    public void AwaitQuiet(TimeSpan quiet)
    {
        _quietNeededMs = (long)quiet.TotalMilliseconds;
        _quietMs = 0;
        _reported = false;
        _listener = Listener.Quiet;
    }

    /// <summary>
    /// Plays <paramref name="prompt"/> from its start with the reply detector listening (barge-in). The reply detector
    /// judges speech with the answer classifier's <see cref="SpeechDetector"/>, so it starts with the noise model of the
    /// 1–5 s of line the classifier heard instead of a blank one: babble whose level rose before the prompt is then
    /// already the background when the question is asked (docs/detection.md, session 5).
    /// </summary>
    public void PlayPrompt(Prompt prompt, ReplyDetectorOptions options)
    {
        _reply ??= new ReplyDetector(options, _classifier?.Speech ?? NewSpeechDetector());
        _reply.StartPrompt(_nowMs);
        _prompt = prompt;
        _promptFrame = 0;
        _reported = false;
        _listener = Listener.Reply;
        _mode = Mode.Prompt;
    }

    public void StopPrompt() => StopPlaying();

    private bool StopPlaying()
    {
        if (_mode != Mode.Prompt)
        {
            return false;
        }

        _mode = Mode.Silent;
        _reply?.PromptFinished(_nowMs);
        return true;
    }

    /// <summary>CNG while the person switches the machine on; the reply detector keeps listening for fax tones.</summary>
    public void StartCng()
    {
        _cng.Restart();
        _mode = Mode.Cng;
    }

    /// <summary>Hands the audio to the fax modem pump: from now on it hears and speaks.</summary>
    public void StartFax(IFaxAudioPort fax)
    {
        _fax = fax;
        _listener = Listener.None;
        _mode = Mode.Fax;
    }

    /// <summary>
    /// Forgets the listeners, their speech detectors (which the call gives back to its <see cref="SpeechDetectorPool"/>)
    /// and the fax modem port (a T.30 session over G.711 that T.38 replaced): called once the stream has left the media
    /// loop, so no frame reaches them any more, and a call that goes on over T.38 no longer keeps them alive.
    /// </summary>
    public void DropListeners()
    {
        _listener = Listener.None;
        _mode = Mode.Silent;
        _classifier = null;
        _reply = null;
        _fax = null;
    }

    /// <summary>Stops sending anything but silence (after a switch to T.38, or at hang-up).</summary>
    public void Mute()
    {
        _listener = Listener.None;
        _mode = Mode.Silent;
    }

    public void OnFrame(ReadOnlySpan<byte> received, RtpFrameKind kind, Span<byte> toSend)
    {
        _nowMs += 20;
        bool comfortNoise = kind is RtpFrameKind.ComfortNoise;
        if (kind is RtpFrameKind.NotStarted or RtpFrameKind.ComfortNoise)
        {
            Array.Clear(_heard);
        }
        else
        {
            G711.Decode(received, _heard, _law);
        }

        Speak();
        Listen(comfortNoise);
        G711.Encode(_played, toSend, _law);
        Capture?.OnAudio(_heard, _played);
    }

    private void Speak()
    {
        switch (_mode)
        {
            case Mode.Prompt when _prompt is { } prompt:
                if (_promptFrame < prompt.FrameCount)
                {
                    prompt.LinearFrame(_promptFrame++).CopyTo(_played);
                }
                else
                {
                    Array.Clear(_played);
                    _mode = Mode.Silent;
                    _reply?.PromptFinished(_nowMs);
                    _post(new FaxCallEvent.PromptFinished());
                }

                break;
            case Mode.Cng:
                _cng.Modulate(_played);
                break;
            case Mode.Fax when _fax is { } fax:
                fax.Process(_heard, _played);
                break;
            default:
                Array.Clear(_played);
                break;
        }
    }

    private void Listen(bool comfortNoise)
    {
        switch (_listener)
        {
            case Listener.Classifier when _classifier is { } classifier:
                AnswerDecision decision = _earlyMedia
                    ? classifier.ProcessEarlyMedia(_heard, _nowMs)
                    : classifier.Process(_heard, _nowMs, comfortNoise, _played);
                if (decision.IsFinal && !_reported && Map(decision.Class) is { } answer)
                {
                    _reported = true;
                    _post(new FaxCallEvent.Classified(answer));
                }

                break;
            case Listener.Reply when _reply is { } reply:
                Report(reply.Process(_heard, _nowMs, _played, comfortNoise));
                break;
            case Listener.Quiet:
                ListenForQuiet(comfortNoise);
                break;
            default:
                break;
        }
    }

    private void ListenForQuiet(bool comfortNoise)
    {
        _classifier ??= new AnswerClassifier(new AnswerClassifierOptions(), NewSpeechDetector());
        _quietFrame.Load(_heard, _nowMs, comfortNoise);
        bool speech = _classifier.Speech.Process(_quietFrame, _played, toneOn: false) == SpeechFrame.Speech;
        _quietMs = speech ? 0 : _quietMs + AnalysisFrame.DurationMs;
        if (_quietMs >= _quietNeededMs && !_reported)
        {
            _reported = true;
            _post(new FaxCallEvent.LineQuiet());
        }
    }

    private void Report(ReplyDecision decision)
    {
        switch (decision.Kind)
        {
            case ReplyKind.StopPrompt:
                // Barge-in: the person talks over the prompt; the verdict follows. The call hears that the prompt is
                // over, so its reply window runs from here (a replay asked for next is not left waiting for the
                // prompt's deadline).
                if (StopPlaying())
                {
                    _post(new FaxCallEvent.PromptFinished());
                }

                break;
            case ReplyKind.ReplayPrompt when !_reported:
                _reported = true;
                _post(new FaxCallEvent.ReplyHeard(decision.Reason == "UNSURE" ? ReplyClass.Unsure : ReplyClass.LongSpeech));
                break;
            case ReplyKind.Yes or ReplyKind.Declined or ReplyKind.NoReply when !_reported:
                _reported = true;
                _post(new FaxCallEvent.ReplyHeard(decision.Kind switch
                {
                    ReplyKind.Yes => decision.UtteranceMs == 0 ? ReplyClass.KeyPressed : ReplyClass.Yes,
                    ReplyKind.Declined => ReplyClass.Declined,
                    _ => ReplyClass.NoReply,
                }));
                break;
            case ReplyKind.Fax when !_reported:
                _reported = true;
                _post(new FaxCallEvent.FaxTonesHeard());
                break;
            default:
                break;
        }
    }

    private static AnswerClass? Map(Gateway.Media.Classification.AnswerClass heard) => heard switch
    {
        Gateway.Media.Classification.AnswerClass.Fax => AnswerClass.Fax,
        Gateway.Media.Classification.AnswerClass.Human => AnswerClass.Person,
        Gateway.Media.Classification.AnswerClass.Machine => AnswerClass.Machine,
        Gateway.Media.Classification.AnswerClass.Silence or Gateway.Media.Classification.AnswerClass.NotSure => AnswerClass.Silence,
        Gateway.Media.Classification.AnswerClass.Busy => AnswerClass.Busy,
        Gateway.Media.Classification.AnswerClass.Congestion => AnswerClass.Congestion,
        Gateway.Media.Classification.AnswerClass.Sit => AnswerClass.SpecialInformationTone,
        Gateway.Media.Classification.AnswerClass.Ringback => null, // not answered by anyone yet: keep listening
        _ => null,
    };
}
