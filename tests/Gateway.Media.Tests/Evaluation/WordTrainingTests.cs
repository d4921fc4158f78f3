using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Media.Classification.Words;
using Xunit;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The word model's training command (session 7), not part of the default run:
/// <c>GATEWAY_MEDIA_WORDS_TRAIN=1 dotnet test --project tests/Gateway.Media.Tests -c Release -- --filter-class Gateway.Media.Tests.Evaluation.WordTrainingTests</c>.
/// Fits the model on the word corpus's train set only (espeak-ng voices no evaluation set uses, scripts/corpus/build-word-corpus.sh),
/// prints its accuracy on the reply corpus's tuning set, and with GATEWAY_MEDIA_WORDS_WRITE=1 rewrites
/// src/Gateway.Media/Classification/Words/WordModelWeights.g.cs. Knobs: GATEWAY_MEDIA_WORDS_HIDDEN, _EPOCHS, _RATE, _DECAY, _SEED, _PERTURB=1 (speed perturbation, an experiment), _FESTIVAL=1 (also score the Festival held-out set); GATEWAY_MEDIA_WORDS_CACHE=<file> keeps the examples between runs (experiments only).
/// </summary>
public sealed class WordTrainingTests
{
    private static bool Enabled => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_TRAIN") == "1";

    public static WordTrainer.Settings Settings()
    {
        var d = new WordTrainer.Settings();
        return new WordTrainer.Settings(
            Knob("HIDDEN", d.Hidden), Knob("EPOCHS", d.Epochs), d.Batch, Knob("RATE", d.Rate), Knob("DECAY", d.Decay), Knob("SEED", d.Seed));
    }

    private static int Knob(string name, int value) => int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_" + name), out var v) ? v : value;

    private static double Knob(string name, double value) =>
        double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_" + name), CultureInfo.InvariantCulture, out var v) ? v : value;

    /// <summary>The training examples: every train clip in every condition, with the noise's own utterances as "other".</summary>
    public static List<WordExample> TrainingExamples()
    {
        var train = WordCorpus.Instance.Of("train").ToList();
        var cache = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_CACHE") is { Length: > 0 } c ? c : null;
        if (cache is not null && File.Exists(cache))
        {
            return WordExamples.Load(cache); // an experiment's shortcut: the examples of an earlier run with the same code
        }

        // The babble speaks the "other" phrases only: a "да" or "нет" inside it must not be taught as noise.
        var babble = WordExamples.Babble([.. train.Where(u => u.Label == "other")], 6, 12, 41);
        var examples = WordExamples.Collect(train, babble, Corpus.Instance.Prompt, 1, noiseExamples: true, perturb: Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_PERTURB") == "1");
        if (cache is not null)
        {
            WordExamples.Save(cache, examples);
        }

        return examples;
    }

    [Fact]
    public void Train_the_word_model()
    {
        Assert.SkipUnless(Enabled, "training command: set GATEWAY_MEDIA_WORDS_TRAIN=1");
        var sb = new StringBuilder();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var examples = TrainingExamples();
        var collectS = clock.Elapsed.TotalSeconds;
        var settings = Settings();
        var model = WordTrainer.Train(examples, settings, l => sb.AppendLine(l));
        var trainS = clock.Elapsed.TotalSeconds - collectS;
        sb.AppendLine(CultureInfo.InvariantCulture, $"{examples.Count} examples ({string.Join(", ", Enumerable.Range(0, 3).Select(c => $"{WordExamples.Names[c]} {examples.Count(e => e.Label == c)}"))}); collected in {collectS:F0} s, trained in {trainS:F0} s; {settings}");
        sb.AppendLine("train: " + WordReport.Confusion(model, examples));
        var corpus = Corpus.Instance;
        var tune = corpus.Utterances.Where(u => u.Set == "tune" && u.Label is "yes" or "no" or "greet").ToList();
        var validation = WordExamples.Collect(tune, corpus.Babble["tune"], corpus.Prompt, 2, noiseExamples: false);
        sb.AppendLine("tune (reply corpus, by condition):");
        foreach (var (noise, snr) in WordExamples.Conditions)
        {
            var c = snr >= 99 ? "line" : $"{noise}/{snr}";
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {c}: {WordReport.Confusion(model, [.. validation.Where(e => e.Condition == c)])}");
        }

        sb.AppendLine("tune errors: " + WordReport.Errors(model, validation));
        if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_FESTIVAL") == "1" && WordCorpus.Instance.FestivalMissing is null)
        {
            // The held-out synthesizer, read only when asked (docs: session 7 read it after the first model was chosen).
            var festival = WordExamples.Collect([.. WordCorpus.Instance.Of("festival")], corpus.Babble["heldout"], corpus.Prompt, 3, noiseExamples: false);
            foreach (var (noise, snr) in WordExamples.Conditions)
            {
                var c = snr >= 99 ? "line" : $"{noise}/{snr}";
                sb.AppendLine(CultureInfo.InvariantCulture, $"  festival {c}: {WordReport.Confusion(model, [.. festival.Where(e => e.Condition == c)])}");
            }

            sb.AppendLine("festival all: " + WordReport.Confusion(model, festival));
        }

        if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_WRITE") == "1")
        {
            var script = File.ReadAllText(Path.Combine(Corpus.RepoRoot(), "scripts", "corpus", "build-word-corpus.sh"));
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..12];
            var path = Path.Combine(Corpus.RepoRoot(), "src", "Gateway.Media", "Classification", "Words", "WordModelWeights.g.cs");
            File.WriteAllText(path, WordTrainer.Generate(model,
            [
                "Made by the word model's training command (docs/detection.md, \"Session 7: word check\"):",
                "  GATEWAY_MEDIA_WORDS_TRAIN=1 GATEWAY_MEDIA_WORDS_WRITE=1 dotnet test --project tests/Gateway.Media.Tests -c Release -- --filter-class Gateway.Media.Tests.Evaluation.WordTrainingTests",
                $"from the train set of scripts/corpus/build-word-corpus.sh (sha256 {hash}…) only: {examples.Count} examples, {settings}.",
                "Do not edit: retrain.",
            ]));
            sb.AppendLine("wrote " + path);
        }

        TestContext.Current.SendDiagnosticMessage(sb.ToString());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-word-training.txt"), sb.ToString());
    }
}
