using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>One simulated prompt-and-reply exchange.</summary>
public sealed record ReplyScenario(
    float[] Near, float[] Prompt, int PromptStartMs, double ErlDb, int EchoDelayMs, G711Law Law, double LossRate, int ListenAfterPromptMs, int Seed)
{
    /// <summary>The echo path; null: a flat delay and gain from <see cref="ErlDb"/> and <see cref="EchoDelayMs"/>.</summary>
    public EchoPath? Path { get; init; }

    /// <summary>Called after every frame (diagnostics): frame start ms, the detector, its decision.</summary>
    public Action<long, ReplyDetector, ReplyDecision>? OnFrame { get; init; }

    /// <summary>The speech detector to run (null: the evaluation's default).</summary>
    public Func<SpeechDetector>? Speech { get; init; }

    /// <summary>
    /// Production's lead-in (Gateway.Calls CallAudioPath): from frame 0 (the answer) the line is heard by an
    /// <see cref="AnswerClassifier"/> with these options, sharing the speech detector, and the prompt starts on the
    /// frame after its decision, or at <see cref="PromptStartMs"/> at the latest. Null: the prompt starts at
    /// <see cref="PromptStartMs"/> and only the reply detector's own frames before it are heard (sessions 1–4).
    /// </summary>
    public AnswerClassifierOptions? Classifier { get; init; }

    /// <summary>A reply added to <see cref="Near"/> once the prompt has started, <see cref="ReplyOffsetMs"/> after its natural end (or its start).</summary>
    public float[]? Reply { get; init; }

    /// <summary>Where <see cref="Reply"/> begins: ms after the prompt's natural end, or after its start with <see cref="ReplyDuringPrompt"/>.</summary>
    public int ReplyOffsetMs { get; init; }

    /// <summary>What the person says after a replay (<see cref="RepeatReplyAfterReplay"/>); null: <see cref="Reply"/> again.</summary>
    public float[]? RepeatReply { get; init; }

    /// <summary>Where <see cref="RepeatReply"/> begins, ms after the replayed prompt's end; negative: <see cref="ReplyOffsetMs"/>.</summary>
    public int RepeatOffsetMs { get; init; } = -1;

    /// <summary>Place <see cref="Reply"/> relative to the prompt's start (a barge-in) rather than its end.</summary>
    public bool ReplyDuringPrompt { get; init; }

    /// <summary>
    /// After each replay the detector asks for, the person says <see cref="Reply"/> again, <see cref="ReplyOffsetMs"/> after
    /// the replayed prompt's end (session 6: "yes after one replay"). <see cref="Near"/> must then be long enough to hold
    /// the line's noise over the replays.
    /// </summary>
    public bool RepeatReplyAfterReplay { get; init; }
}

/// <summary>The outcome: first final/replay decision, whether barge-in fired, when.</summary>
public sealed record ReplyResult(ReplyKind Kind, long AtMs, bool BargedIn, long PromptEndMs)
{
    /// <summary>When the prompt started (ms from frame 0; its first play).</summary>
    public long PromptStartMs { get; init; }

    /// <summary>When <see cref="ReplyScenario.Reply"/> began (ms from frame 0); −1 without one.</summary>
    public long ReplyStartMs { get; init; } = -1;

    /// <summary>When each placing of the reply began (the first, then its repeats after replays).</summary>
    public IReadOnlyList<long> ReplyStartsMs { get; init; } = [];

    /// <summary>How many replays the detector asked for (and the runner played) before the outcome.</summary>
    public int Replays { get; init; }

    /// <summary>How many of those an unsure utterance asked for (<see cref="ReplyDetector.UnsureReplays"/>).</summary>
    public int UnsureReplays { get; init; }

    /// <summary>The deciding rule (<see cref="ReplyDecision.Reason"/>), empty without a decision.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The answer classifier's decision in the lead-in (null without one).</summary>
    public AnswerDecision? Answer { get; init; }

    /// <summary>Heard power over power after echo cancellation, dB, over the prompt from its second second on.</summary>
    public double ErleDb { get; init; }

    /// <summary>The echo gate's loss (ERL + ERLE) at the end.</summary>
    public double GateLossDb { get; init; }
}

/// <summary>
/// Plays the prompt into a far-end echo path (delay, ERL) on the fly, so that a barge-in really stops the echo,
/// adds the near-end signal, passes it through G.711 and packet loss, and feeds the ReplyDetector frame by frame.
/// </summary>
public static class ReplyRunner
{
    public static ReplyResult Run(ReplyScenario s, ReplyDetectorOptions? options = null)
    {
        var speech = s.Speech?.Invoke() ?? EvaluationVad.CreateSpeech();
        options ??= new ReplyDetectorOptions { MaxReplays = 0 };
        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_CONTRAST"), System.Globalization.CultureInfo.InvariantCulture, out var contrast))
        {
            options.MinContrastDb = contrast; // experiment knobs (unset: the shipped defaults)
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_STEADYCONTRAST"), System.Globalization.CultureInfo.InvariantCulture, out var steady))
        {
            options.MinSteadyContrastDb = steady;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_UNSURE"), System.Globalization.CultureInfo.InvariantCulture, out var unsure))
        {
            options.UnsureMarginDb = unsure;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_REPEATMATCH"), System.Globalization.CultureInfo.InvariantCulture, out var match))
        {
            options.RepeatMatchDb = match;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_SINGLEYES"), System.Globalization.CultureInfo.InvariantCulture, out var single))
        {
            options.SingleYesContrastDb = single;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_REPEATWITHIN"), out var within))
        {
            options.RepeatWithinMs = within;
        }

        WordEvaluation.ApplyKnobs(options); // session 7: GATEWAY_MEDIA_REPLY_WORDS (off/rejectno/require), _WORDNO, _WORDYES

        if (int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_ANSWERSLOT"), out var slot))
        {
            options.AnswerSlotMs = slot; // session 7: 0 = no answer slot (session 6)
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_DENSE"), System.Globalization.CultureInfo.InvariantCulture, out var dense))
        {
            options.DenseBackgroundSpreadDb = dense; // session 8: 0 = no dense-babble contrast (session 7)
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_DENSECONTRAST"), System.Globalization.CultureInfo.InvariantCulture, out var denseContrast))
        {
            options.DenseContrastDb = denseContrast;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_ONSETHOLD"), out var hold))
        {
            options.OnsetHoldFrames = hold; // session 8: 0 = no onset hold (session 7)
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_ONSETHOLDP"), System.Globalization.CultureInfo.InvariantCulture, out var holdP))
        {
            options.OnsetHoldProbability = holdP;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_ONSETSPREAD"), System.Globalization.CultureInfo.InvariantCulture, out var holdSpread))
        {
            options.OnsetHoldMaxSpreadDb = holdSpread; // session 9: the widest background the onset hold applies over (0: the dense bound)
        }

        if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_ONSETWIDEVOICE") is "0" or "1")
        {
            options.OnsetHoldWideVoice = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_ONSETWIDEVOICE") == "1";
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_TALKER"), System.Globalization.CultureInfo.InvariantCulture, out var talker))
        {
            options.BackgroundTalkerContinuity = talker; // session 9: 0 = no background-talker rule (session 8)
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_TALKERDB"), System.Globalization.CultureInfo.InvariantCulture, out var talkerDb))
        {
            options.BackgroundTalkerOverLoudestDb = talkerDb;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_TALKERSHARE"), System.Globalization.CultureInfo.InvariantCulture, out var talkerShare))
        {
            options.BackgroundTalkerMinVoiceShare = talkerShare;
        }

        options.AnalyseVoicing |= UtteranceLog.File is not null; // the feature log reports voicing

        var detector = new ReplyDetector(options, speech);
        var classifier = s.Classifier is { } co ? new AnswerClassifier(co, speech) : null;
        var rng = new Random(s.Seed);
        var promptFrames = s.Prompt.Length / 160;
        var startFrame = classifier is null ? s.PromptStartMs / 20 : -1;
        var firstStartFrame = -1;
        var latestStart = s.PromptStartMs / 20;
        var replyFrames = s.Reply is null ? 0 : (s.Reply.Length + 159) / 160;
        var roundFrames = promptFrames + (s.ListenAfterPromptMs / 20) + replyFrames + 1;
        var maxFrames = Math.Max(s.Near.Length / 160, latestStart + roundFrames + (options.MaxReplays * (roundFrames + (options.MaxUtteranceMs / 20))));
        var nearSignal = s.Reply is null ? s.Near : (float[])s.Near.Clone();
        var played = new float[(maxFrames + 1) * 160];
        var path = s.Path ?? EchoPath.Flat(s.EchoDelayMs, s.ErlDb);
        var near = new float[160];
        var farPcm = new short[160];
        var playing = false;
        var bargedIn = false;
        long promptEnd = -1;
        long replyStart = -1;
        var replyStarts = new List<long>();
        var replays = 0;
        AnswerDecision? answer = null;
        double heardPower = 0, residualPower = 0;
        var totalFrames = classifier is null ? Math.Max(s.Near.Length / 160, startFrame + promptFrames + (s.ListenAfterPromptMs / 20)) : maxFrames;
        for (var f = 0; f < totalFrames; f++)
        {
            var t = f * 20L;
            var pi = f - startFrame;
            if (startFrame >= 0 && pi == 0)
            {
                detector.StartPrompt(t);
                playing = true;
                if (s.Reply is { } first && (replays == 0 || s.RepeatReplyAfterReplay))
                {
                    var reply = replays > 0 && s.RepeatReply is { } again ? again : first;
                    var at = t + (replays > 0 && s.RepeatOffsetMs >= 0 ? s.RepeatOffsetMs : s.ReplyOffsetMs) + (s.ReplyDuringPrompt && replays == 0 ? 0 : promptFrames * 20L);
                    replyStart = replays == 0 ? at : replyStart;
                    replyStarts.Add(at);
                    Channel.Place(nearSignal, reply, (int)(at * 8));
                }

                if (classifier is not null || replays > 0)
                {
                    totalFrames = Math.Min(maxFrames, f + promptFrames + (s.ListenAfterPromptMs / 20) + (replays > 0 ? replyFrames : 0));
                }
            }

            if (playing && pi >= promptFrames)
            {
                playing = false;
                promptEnd = t;
                detector.PromptFinished(t);
            }

            var far = ReadOnlySpan<short>.Empty;
            if (playing)
            {
                for (var i = 0; i < 160; i++)
                {
                    var v = s.Prompt[(pi * 160) + i];
                    farPcm[i] = (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
                    played[(f * 160) + i] = s.Path is null ? v : G711.Decode(G711.Encode(farPcm[i], s.Law), s.Law);
                }

                far = farPcm;
            }

            for (var i = 0; i < 160; i++)
            {
                var n = (f * 160) + i;
                var echo = path.EchoAt(played, n);
                near[i] = (n < nearSignal.Length ? nearSignal[n] : 0) + echo;
            }

            var pcm = Channel.Finish(near, s.Law, s.LossRate, rng);
            if (startFrame < 0)
            {
                // The lead-in: the answer classifier hears the line (nothing is played); the prompt follows its decision.
                answer = classifier!.Process(pcm, t);
                if (answer.Value.IsFinal || f + 1 >= latestStart)
                {
                    startFrame = f + 1;
                }

                continue;
            }

            var d = detector.Process(pcm, t, far);
            s.OnFrame?.Invoke(t, detector, d);
            if (playing && pi >= 50)
            {
                heardPower += Gateway.Media.Dsp.Level.MeanSquare(pcm);
                residualPower += Gateway.Media.Dsp.Level.Dbm0ToMeanSquare(detector.Speech.LastLevelDbm0);
            }

            if (d.Kind == ReplyKind.StopPrompt)
            {
                bargedIn = true;
                if (playing)
                {
                    playing = false;
                    promptEnd = t + 20;
                    detector.PromptFinished(t + 20);
                }
            }
            else if (d.Kind == ReplyKind.ReplayPrompt && !playing && replays < options.MaxReplays)
            {
                // The call plays the prompt again from the next frame (FaxCallMachine: LongSpeech/NoReply → PlayPrompt).
                replays++;
                firstStartFrame = replays == 1 ? startFrame : firstStartFrame;
                startFrame = f + 1;
                promptEnd = -1;
                bargedIn = false;
                totalFrames = maxFrames;
            }
            else if (d.Kind != ReplyKind.None)
            {
                return new ReplyResult(d.Kind, d.AtMs, bargedIn, promptEnd) { ErleDb = Erle(heardPower, residualPower), GateLossDb = detector.Speech.EchoGate.LossDb, PromptStartMs = (replays > 0 ? firstStartFrame : startFrame) * 20L, ReplyStartMs = replyStart, ReplyStartsMs = replyStarts, Replays = replays, UnsureReplays = detector.UnsureReplays, Reason = d.Reason, Answer = answer };
            }
        }

        return new ReplyResult(ReplyKind.None, totalFrames * 20L, bargedIn, promptEnd) { ErleDb = Erle(heardPower, residualPower), GateLossDb = detector.Speech.EchoGate.LossDb, PromptStartMs = (replays > 0 ? firstStartFrame : startFrame) * 20L, ReplyStartMs = replyStart, ReplyStartsMs = replyStarts, Replays = replays, UnsureReplays = detector.UnsureReplays, Answer = answer };
    }

    private static double Erle(double heard, double residual) => heard <= 0 || residual <= 0 ? 0 : 10 * Math.Log10(heard / residual);
}
