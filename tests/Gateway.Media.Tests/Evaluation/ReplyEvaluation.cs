using Gateway.Media.Classification;
using Gateway.Media.Codecs;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>"da" recall by SNR, latency, barge-in, loss, and false accepts on echo-only prompts.</summary>
public static class ReplyEvaluation
{
    public static readonly int[] Snrs = [99, 20, 10, 5, 0]; // 99 = no added noise

    /// <summary>
    /// Model production's lead-in (session 5; the default since session 6): the answer classifier hears the line from
    /// the answer (the person's "алло" first, in the recall trials) and its speech detector goes on to the reply detector,
    /// as Gateway.Calls' CallAudioPath wires them; the prompt starts when the classifier decides. GATEWAY_MEDIA_LEADIN=fixed:
    /// the sessions 1–5 harness (prompt 200–400 ms after the start of the signal, a fresh speech detector).
    /// </summary>
    public static bool ClassifierLeadIn => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_LEADIN") != "fixed";

    /// <summary>The prompt starts at the latest here in the classifier lead-in: the classifier's analysis limit (5 s) and a frame.</summary>
    public const int LatestPromptMs = 5020;

    public sealed record RecallCell(string Set, string Noise, int Snr, double LossRate, bool BargeIn, int Trials, int Hits, List<int> LatenciesMs, List<string> Misses)
    {
        /// <summary>With replays (<see cref="Recall"/>'s <c>replays</c>): hits that came only after a replay (the person said it again).</summary>
        public int HitsAfterReplay { get; init; }

        /// <summary>With replays: trials where an unsure utterance asked for the replay.</summary>
        public int UnsureReplays { get; init; }

        /// <summary>Session 8, <c>GATEWAY_MEDIA_NOISE_DIAG=1</c>: per first-prompt miss, why (<see cref="NoiseMissDiagnosis"/>).</summary>
        public IReadOnlyList<string> Diagnoses { get; init; } = [];
    }

    /// <summary>
    /// "да" recall of one cell. <paramref name="replays"/> &gt; 0 (session 6, production lead-in only): the reply detector may
    /// ask for that many replays (production's <see cref="ReplyDetectorOptions.MaxReplays"/> is 1) and the person says the
    /// same reply again after each replayed prompt; a hit is then a yes within 1.5 s after one of the reply's placings,
    /// and hits after a replay are counted apart (<see cref="RecallCell.HitsAfterReplay"/>).
    /// </summary>
    public static RecallCell Recall(Corpus corpus, string set, string noise, int snr, double loss, bool bargeIn, int seed, int replays = 0)
    {
        var afterReplay = 0;
        var unsure = 0;
        var prompt = Channel.Scaled(corpus.Prompt, -15);
        var hits = 0;
        var trials = 0;
        var lat = new List<int>();
        var misses = new List<string>();
        var diagnoses = new List<string>();
        var rng = new Random(seed);
        var lead = new Random(seed + 1);
        var again = new Random(seed + 2); // the repeats after replays: their own draws, so the first prompts match the runs without replays
        var greetings = corpus.Of(set, "greet").ToList();
        foreach (var u in corpus.Of(set, "yes"))
        {
            trials++;
            var level = -15 - (rng.NextDouble() * 20);
            var speech = Channel.Scaled(u.Samples, level);
            const int promptStart = 400;
            var promptMs = prompt.Length / 8;
            var offset = bargeIn ? 1500 + rng.Next(1500) : 200 + rng.Next(600);
            var at = bargeIn ? promptStart + offset : promptStart + promptMs + offset;
            ReplyScenario sc;
            if (ClassifierLeadIn)
            {
                // Production: the person answers with "алло" (same voice and level, 100–500 ms after the answer), the
                // answer classifier decides, the prompt follows; the reply is placed relative to that prompt.
                var near = new float[(replays + 1) * (Signals.Samples(LatestPromptMs + promptMs + offset + 4000) + speech.Length)];
                var sameVoice = greetings.Where(g => g.Voice == u.Voice).ToList();
                Channel.Place(near, Channel.Scaled(sameVoice[lead.Next(sameVoice.Count)].Samples, level), Signals.Samples(100 + lead.Next(400)));
                AddLineNoise(near, corpus, set, noise, snr, level, lead);
                // With replays, listen until the reply window closes (no reply heard → the detector asks for the replay).
                var listen = Math.Max(replays > 0 ? new ReplyDetectorOptions().ReplyWindowMs + 400 : 3000, offset + 4000 + (speech.Length / 8) - (bargeIn ? promptMs : 0));
                sc = new ReplyScenario(near, prompt, LatestPromptMs, 6 + (rng.NextDouble() * 24), 5 + rng.Next(60),
                    rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, loss, listen, rng.Next())
                {
                    Classifier = new AnswerClassifierOptions(),
                    Reply = speech,
                    ReplyOffsetMs = offset,
                    ReplyDuringPrompt = bargeIn,
                    RepeatReplyAfterReplay = replays > 0,

                    // Asked again, the person says the same words 0–3 dB louder, 200–1000 ms after the replayed prompt.
                    RepeatReply = replays > 0 ? Channel.Scaled(u.Samples, level + (again.NextDouble() * 3)) : null,
                    RepeatOffsetMs = replays > 0 ? 200 + again.Next(800) : -1,
                };
            }
            else
            {
                var near = new float[Signals.Samples(at + 4000) + speech.Length];
                Channel.Place(near, speech, Signals.Samples(at));
                AddLineNoise(near, corpus, set, noise, snr, level, rng);
                sc = new ReplyScenario(near, prompt, promptStart, 6 + (rng.NextDouble() * 24), 5 + rng.Next(60),
                    rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, loss, 3000, rng.Next());
            }

            var trace = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_NOISE_TRACE") is { Length: > 0 } tr && $"{u.Id}_{u.Voice}@{level:F0}".Contains(tr, StringComparison.Ordinal)
                ? new System.Text.StringBuilder($"trace {set} {noise} {snr} dB {u.Id}_{u.Voice}@{level:F0} reply at {at} ms, active end {at + (Channel.ActiveEnd(speech) / 8)} ms\n")
                : null;
            if (trace is not null)
            {
                sc = sc with { OnFrame = (t, d, k) => trace.Append(FrameLine(t, d, k)) };
            }

            var log = UtteranceLog.File is null ? null : new UtteranceLog();
            if (log is not null)
            {
                sc = sc with { OnFrame = log.OnFrame };
            }

            var diagnosis = replays == 0 && NoiseMissDiagnosis.Enabled ? new NoiseMissDiagnosis() : null;
            if (diagnosis is not null)
            {
                var inner = sc.OnFrame;
                sc = sc with { OnFrame = (t, d, k) => { inner?.Invoke(t, d, k); diagnosis.OnFrame(t, d, k); } };
            }

            var r = replays > 0 ? ReplyRunner.Run(sc, new ReplyDetectorOptions { MaxReplays = replays }) : ReplyRunner.Run(sc);
            if (trace is not null)
            {
                File.AppendAllText(Path.Combine(Path.GetTempPath(), "gateway-media-noise-trace.txt"), trace.ToString());
            }

            at = r.ReplyStartMs >= 0 ? (int)r.ReplyStartMs : at;
            log?.Write($"{set} {noise}/{snr} {u.Id}_{u.Voice}@{level:F0}", at);

            // A "yes" before the utterance began was caused by the noise, not the reply: a miss. With replays, a yes must
            // follow one of the reply's placings within 1.5 s of its end (a yes made by the noise during a replay is a miss).
            var activeMs = Channel.ActiveEnd(speech) / 8;
            var placing = r.ReplyStartsMs.Where(p => r.AtMs > p && r.AtMs <= p + activeMs + 1500).DefaultIfEmpty(-1).Max();
            unsure += r.UnsureReplays > 0 ? 1 : 0;
            if (r.Kind == ReplyKind.Yes && (replays == 0 ? r.AtMs > at : placing >= 0))
            {
                hits++;
                afterReplay += r.Replays > 0 ? 1 : 0;
                lat.Add((int)(r.AtMs - ((replays == 0 ? at : placing) + activeMs)));
            }
            else
            {
                misses.Add($"{u.Id}_{u.Voice}@{level:F0}dBm0:{r.Kind}{(r.Kind == ReplyKind.Yes ? "-early" : "")}{(r.Replays > 0 ? $"+{r.Replays}replay{(r.UnsureReplays > 0 ? "-unsure" : "")}" : "")}@{r.AtMs - r.PromptEndMs}/{at - r.PromptEndMs}ms");
                if (diagnosis is not null)
                {
                    diagnoses.Add($"{u.Id}_{u.Voice}@{level:F0}dBm0 {(r.Kind == ReplyKind.Yes ? "early-yes " : "")}{diagnosis.Describe(at, at + activeMs)}");
                }
            }
        }

        return new RecallCell(set, noise, snr, loss, bargeIn, trials, hits, lat, misses) { HitsAfterReplay = afterReplay, UnsureReplays = unsure, Diagnoses = diagnoses };
    }

    public sealed record EchoResult(int Prompts, int FalseYes, int FalseBargeIns, double MinErl, double MaxErl)
    {
        /// <summary>Noise-only prompts with replays: how many replays an unsure utterance asked for, and how many replays in all.</summary>
        public int UnsureReplays { get; init; }

        /// <summary>See <see cref="UnsureReplays"/>.</summary>
        public int Replays { get; init; }

        /// <summary>False "yes" by the repeat rule (reason REPEATED), of <see cref="FalseYes"/>.</summary>
        public int FalseYesRepeated { get; init; }

        /// <summary>Each false "yes": the noise's level under a reply (dB), the rule, and when (ms after the last prompt's end).</summary>
        public IReadOnlyList<string> FalseYesDetails { get; init; } = [];

        /// <summary>With the classifier lead-in: what the answer classifier decided before the prompt, and when (p50).</summary>
        public string LeadIn { get; init; } = "";
    }

    private static string LeadInSummary(List<ReplyResult> runs) =>
        string.Join(", ", runs.Where(r => r.Answer is not null).GroupBy(r => r.Answer!.Value.Class).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Count()} (prompt at p50 {Percentile([.. g.Select(r => (int)r.PromptStartMs)], 0.5)} ms)"));

    /// <summary>Echo-only prompts: prompt echo (ERL, delay random), line noise, G.711; any "yes" is a false accept.</summary>
    public static EchoResult EchoOnly(Corpus corpus, int prompts, double minErl, double maxErl, int seed)
    {
        var rng = new Random(seed);
        var falseYes = 0;
        var falseBarge = 0;
        for (var k = 0; k < prompts; k++)
        {
            var prompt = Channel.Scaled(corpus.Prompt, -10 - (rng.NextDouble() * 10));
            var promptStart = ClassifierLeadIn ? LatestPromptMs : 200;
            var total = Signals.Samples(promptStart + 1500) + prompt.Length;
            var near = new float[total];
            Signals.AddWhiteNoise(near, -55 - (rng.NextDouble() * 15), rng);
            var sc = new ReplyScenario(near, prompt, promptStart, minErl + (rng.NextDouble() * (maxErl - minErl)), 5 + rng.Next(60),
                rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, k % 4 == 0 ? 0.01 + (rng.NextDouble() * 0.09) : 0, 1500, rng.Next())
            { Classifier = ClassifierLeadIn ? new AnswerClassifierOptions() : null };
            var r = ReplyRunner.Run(sc);
            falseYes += r.Kind == ReplyKind.Yes ? 1 : 0;
            falseBarge += r.BargedIn ? 1 : 0;
        }

        return new EchoResult(prompts, falseYes, falseBarge, minErl, maxErl);
    }

    private static void AddLineNoise(float[] near, Corpus corpus, string set, string noise, int snr, double level, Random rng)
    {
        if (snr < 99)
        {
            AddNoise(near, corpus, set, noise, level - snr, rng);
        }
        else
        {
            Signals.AddWhiteNoise(near, -70, rng);
        }
    }

    /// <summary>White, the set's babble, or (session 6) a fresh <see cref="CrowdNoise"/> of the set's voices ("crowd").</summary>
    private static void AddNoise(float[] near, Corpus corpus, string set, string noise, double dbm0, Random rng)
    {
        if (noise == "crowd")
        {
            CrowdNoise.Add(near, corpus, set, dbm0, rng);
        }
        else
        {
            Channel.AddNoise(near, noise, dbm0, rng, corpus.Babble, set);
        }
    }

    /// <summary>The seed <see cref="EvaluationReport"/> gives a recall cell (after the prompt, no loss), so narrowed runs repeat its trials.</summary>
    public static int CellSeed(string set, string noise, int snr)
    {
        var perSet = (2 * Snrs.Length) - 1 + 3 + 1 + 1; // white + babble cells, loss, barge-in, classification
        var index = noise == "white" ? Array.IndexOf(Snrs, snr) : Snrs.Length + Array.IndexOf(Snrs, snr) - 1;
        return 20261128 + (set == "tune" ? 0 : perSet) + index;
    }

    /// <summary>
    /// Noise alone (no reply) at −20…−55 dBm0 (a reply's −15…−35 dBm0 less 5, 10 or 20 dB) behind the prompt's echo,
    /// listened to for the whole reply window: any "yes" is a false accept caused by the noise. <paramref name="replays"/>
    /// (session 6): the detector may ask for that many replays (production: 1), each played and listened to in full.
    /// </summary>
    public static EchoResult NoiseOnly(Corpus corpus, string set, string noise, int prompts, int seed, int replays = 0)
    {
        var unsure = 0;
        var replayed = 0;
        var details = new List<string>();
        var rng = new Random(seed);
        var falseYes = 0;
        var falseBarge = 0;
        int[] snrs = [5, 10, 20];
        var runs = new List<ReplyResult>();
        for (var k = 0; k < prompts; k++)
        {
            var prompt = Channel.Scaled(corpus.Prompt, -15);
            var promptStart = ClassifierLeadIn ? LatestPromptMs : 400;
            var near = new float[(replays + 1) * (Signals.Samples(promptStart + 5200) + prompt.Length)];
            var replyLevel = -15 - (rng.NextDouble() * 20); // drawn in this order since session 4: the same trials
            var under = snrs[rng.Next(snrs.Length)];
            AddNoise(near, corpus, set, noise, replyLevel - under, rng);
            var sc = new ReplyScenario(near, prompt, promptStart, 6 + (rng.NextDouble() * 24), 5 + rng.Next(60),
                rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, 0, 5200, rng.Next())
            { Classifier = ClassifierLeadIn ? new AnswerClassifierOptions() : null };
            var trace = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_NOISE_TRACE") == "noise-only" ? new System.Text.StringBuilder($"trace {set} {noise} noise-only #{k}\n") : null;
            if (trace is not null)
            {
                sc = sc with { OnFrame = (t, d, kind) => trace.Append(FrameLine(t, d, kind)) };
            }

            var log = UtteranceLog.File is null ? null : new UtteranceLog();
            if (log is not null && trace is null)
            {
                sc = sc with { OnFrame = log.OnFrame };
            }

            var r = ReplyRunner.Run(sc, new ReplyDetectorOptions { MaxReplays = replays });
            runs.Add(r);
            unsure += r.UnsureReplays;
            replayed += r.Replays;
            log?.Write($"{set} {noise}/only #{k}", -1);

            if (trace is not null && (r.Kind == ReplyKind.Yes || r.BargedIn))
            {
                File.AppendAllText(Path.Combine(Path.GetTempPath(), "gateway-media-noise-trace.txt"), trace.ToString());
            }

            falseYes += r.Kind == ReplyKind.Yes ? 1 : 0;
            falseBarge += r.BargedIn ? 1 : 0;
            if (r.Kind == ReplyKind.Yes)
            {
                details.Add($"#{k} {under} dB under {replyLevel:F0} dBm0: {r.Reason} at {r.AtMs - r.PromptEndMs} ms{(r.Replays > 0 ? " after a replay" : "")}");
            }
        }

        return new EchoResult(prompts, falseYes, falseBarge, 6, 30)
        {
            FalseYesDetails = details,
            LeadIn = LeadInSummary(runs),
            UnsureReplays = unsure,
            Replays = replayed,
            FalseYesRepeated = runs.Count(r => r.Kind == ReplyKind.Yes && r.Reason == "REPEATED"),
        };
    }

    private static string FrameLine(long t, ReplyDetector d, ReplyDecision k) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t} {d.Speech.LastLevelDbm0:F1} ref {(d.Speech.Vad as Gateway.Media.Vad.DspVoiceActivityDetector)?.ReferenceDbm0:F1} p {d.Speech.LastProbability:F2} {d.Speech.LastDecision}{(d.Speech.LastDecision == Gateway.Media.Vad.SpeechFrame.Tone ? ToneNames(d.Tones) : "")} {(d.Speech.EchoGate.Active ? "gate" : "")} {(k.Kind == ReplyKind.None ? "" : k.Kind.ToString())}\n");

    private static string ToneNames(Gateway.Media.Tones.ToneBank t) =>
        (t.AnswerTone.ToneOn ? " ans" : "") + (t.V21.SignalOn ? " v21" : "") + (t.Cng.ToneOn ? " cng" : "") + (t.Progress.ToneOn ? " progress" : "") + (t.Sit.ToneOn ? " sit" : "") + (t.Dtmf.ToneOn ? " dtmf" : "");

    public static int Percentile(List<int> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static double Ratio(int hits, int trials) => trials == 0 ? 0 : 100.0 * hits / trials;
}
