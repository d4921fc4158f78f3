using System.Globalization;
using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The word check end to end (session 7): production's lead-in (the person's "алло", the answer classifier, the prompt
/// with its echo), then a reply — the yes family, "нет", "алло" — or none (the noise alone), in white noise or babble at
/// an SNR, with production's one replay (the person says the same thing again after a replayed question). Counts what the
/// reply detector made of it per <see cref="WordCheck"/> mode: a yes (consent), a decline, or neither. The same seed gives
/// every mode the same trials.
/// </summary>
public static class WordEvaluation
{
    /// <summary>Truth rows of the table.</summary>
    public static readonly string[] Rows = ["yes-family", "нет", "алло", "noise-only"];

    /// <summary>Outcome counts of one row: yes after the reply began, yes before it (made by the noise), declined, neither.</summary>
    public sealed class Outcome
    {
        public int Trials { get; set; }

        public int Yes { get; set; }

        public int EarlyYes { get; set; }

        public int Declined { get; set; }

        public int Neither => Trials - Yes - EarlyYes - Declined;

        /// <summary>Yes after a replay (of <see cref="Yes"/>).</summary>
        public int YesAfterReplay { get; set; }

        /// <summary>A yes of any kind: consent taken.</summary>
        public int AnyYes => Yes + EarlyYes;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Yes}{(EarlyYes > 0 ? $"+{EarlyYes}early" : "")} / {Declined} / {Neither}");
    }

    /// <summary>Experiment knobs for every reply evaluation (<see cref="ReplyRunner"/>): GATEWAY_MEDIA_REPLY_WORDS, _WORDNO, _WORDYES.</summary>
    public static void ApplyKnobs(ReplyDetectorOptions options)
    {
        if (Enum.TryParse<WordCheck>(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_WORDS"), ignoreCase: true, out var mode))
        {
            options.WordCheck = mode;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_WORDNO"), CultureInfo.InvariantCulture, out var no))
        {
            options.WordNoProbability = no;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_WORDFRONT"), CultureInfo.InvariantCulture, out var front))
        {
            options.WordNoFrontness = front;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_WORDMURMUR"), out var murmur))
        {
            options.WordNoMurmurMs = murmur;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_REPLY_WORDYES"), CultureInfo.InvariantCulture, out var yes))
        {
            options.WordYesProbability = yes;
        }
    }

    /// <summary>The utterances of a set by row: the reply corpus's sets (tune, heldout) or the word corpus's festival set.</summary>
    public static Dictionary<string, List<Utterance>> Replies(string set)
    {
        if (set == "festival")
        {
            var f = WordCorpus.Instance.Of("festival").ToList();
            return new()
            {
                ["yes-family"] = [.. f.Where(u => u.Label == "yes")],
                ["нет"] = [.. f.Where(u => u.Label == "no")],
                ["алло"] = [.. f.Where(u => u.Id.StartsWith("other-allo_", StringComparison.Ordinal) || u.Id.StartsWith("other-alloq_", StringComparison.Ordinal))],
            };
        }

        var c = Corpus.Instance;
        return new()
        {
            ["yes-family"] = [.. c.Of(set, "yes")],
            ["нет"] = [.. c.Of(set, "no")],
            ["алло"] = [.. c.Of(set, "greet")],
        };
    }

    /// <summary>One cell: every reply of the set and <paramref name="noiseOnly"/> prompts of the noise alone, in one mode.</summary>
    public static Dictionary<string, Outcome> Cell(string set, string noise, int snr, ReplyDetectorOptions options, int noiseOnly, int seed)
    {
        var corpus = Corpus.Instance;
        var babbleSet = set == "festival" ? "heldout" : set;
        var replies = Replies(set);
        var greetings = replies["алло"];
        var prompt = Channel.Scaled(corpus.Prompt, -15);
        var promptMs = prompt.Length / 8;
        var rng = new Random(seed);
        var result = Rows.ToDictionary(r => r, _ => new Outcome());
        foreach (var row in Rows)
        {
            var list = row == "noise-only" ? Enumerable.Repeat<Utterance?>(null, noiseOnly).ToList() : replies[row].Select(u => (Utterance?)u).ToList();
            foreach (var u in list)
            {
                var level = -15 - (rng.NextDouble() * 20);
                var speech = u is null ? null : Channel.Scaled(u.Samples, level);
                var offset = 200 + rng.Next(600);
                var near = new float[2 * (Signals.Samples(ReplyEvaluation.LatestPromptMs + promptMs + offset + 5600) + (speech?.Length ?? 0))];
                var sameVoice = u is null ? [] : greetings.Where(g => g.Voice == u.Voice).ToList();
                if (sameVoice.Count > 0)
                {
                    Channel.Place(near, Channel.Scaled(sameVoice[rng.Next(sameVoice.Count)].Samples, level), Signals.Samples(100 + rng.Next(400)));
                }

                if (snr < 99)
                {
                    Channel.AddNoise(near, noise, level - snr, rng, corpus.Babble, babbleSet);
                }
                else
                {
                    Signals.AddWhiteNoise(near, -70, rng);
                }

                var listen = Math.Max(options.ReplyWindowMs + 400, offset + 4000 + ((speech?.Length ?? 0) / 8));
                var sc = new ReplyScenario(near, prompt, ReplyEvaluation.LatestPromptMs, 6 + (rng.NextDouble() * 24), 5 + rng.Next(60),
                    rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, 0, listen, rng.Next())
                {
                    Classifier = new AnswerClassifierOptions(),
                    Reply = speech,
                    ReplyOffsetMs = offset,
                    RepeatReplyAfterReplay = speech is not null,
                    RepeatReply = u is null ? null : Channel.Scaled(u.Samples, level + (rng.NextDouble() * 3)),
                    RepeatOffsetMs = 200 + rng.Next(800),
                };
                var r = ReplyRunner.Run(sc, Copy(options));
                var o = result[row];
                o.Trials++;
                if (r.Kind == ReplyKind.Declined)
                {
                    o.Declined++;
                }
                else if (r.Kind == ReplyKind.Yes)
                {
                    var afterReply = r.ReplyStartsMs.Any(p => r.AtMs > p);
                    o.Yes += afterReply ? 1 : 0;
                    o.EarlyYes += afterReply ? 0 : 1;
                    o.YesAfterReplay += afterReply && r.Replays > 0 ? 1 : 0;
                }
            }
        }

        return result;
    }

    private static ReplyDetectorOptions Copy(ReplyDetectorOptions o) => new()
    {
        MaxReplays = o.MaxReplays,
        WordCheck = o.WordCheck,
        WordNoProbability = o.WordNoProbability,
        WordYesProbability = o.WordYesProbability,
        WordNoFrontness = o.WordNoFrontness,
        WordNoMurmurMs = o.WordNoMurmurMs,
        WordMurmurNoProbability = o.WordMurmurNoProbability,
    };
}
