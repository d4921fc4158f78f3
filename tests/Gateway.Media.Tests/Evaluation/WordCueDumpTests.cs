using System.Globalization;
using System.Text;
using Gateway.Media.Classification.Words;
using Gateway.Media.Prompts;
using Xunit;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The phonetic cues' measurement command (session 9), not part of the default run:
/// <c>GATEWAY_MEDIA_WORDS_CUES=train,tune,ivr dotnet test --project tests/Gateway.Media.Tests -c Release -- --filter-class Gateway.Media.Tests.Evaluation.WordCueDumpTests</c>.
/// Writes one line per delimited utterance (set, truth, source, condition, the shipped model's probabilities, the cues) to
/// $TMP/gateway-word-cues.tsv. Sets: train (the word corpus's espeak-ng train set), tune / heldout (the reply corpus's),
/// ivr (asterisk-core-sounds-ru-wav's real recordings, digits and letters: "other"), festival (held out: read only when named).
/// GATEWAY_MEDIA_WORDS_CUES_CONDITIONS limits the line conditions (line,white/10,…).
/// </summary>
public sealed class WordCueDumpTests
{
    [Fact]
    public void Dump_word_cues()
    {
        var sets = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_CUES");
        Assert.SkipUnless(sets is { Length: > 0 }, "measurement command: set GATEWAY_MEDIA_WORDS_CUES=train,tune,ivr");
        var wanted = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_CUES_CONDITIONS")?.Split(',');
        var conditions = WordExamples.Conditions.Where(c => wanted is null || wanted.Contains(c.Snr >= 99 ? "line" : $"{c.Noise}/{c.Snr}")).ToArray();
        var corpus = Corpus.Instance;
        var sb = new StringBuilder("set\ttruth\tsource\tcondition\tpyes\tpno\tpother\tf1\tf2\tfront\tsyll\tcoda\tvoicedms\tmurmur\n");
        foreach (var set in sets.Split(','))
        {
            List<Utterance> clips = set switch
            {
                "train" or "festival" => [.. WordCorpus.Instance.Of(set)],
                "tune" or "heldout" => [.. corpus.Utterances.Where(u => u.Set == set && u.Label is "yes" or "no" or "greet")],
                "ivr" => IvrWords(),
                _ => throw new ArgumentException("unknown set " + set),
            };
            var examples = WordExamples.Collect(clips, corpus.Babble[set == "heldout" || set == "festival" ? "heldout" : "tune"], corpus.Prompt, 3, noiseExamples: false, conditions);
            foreach (var e in examples)
            {
                var s = e.Score;
                var c = s.Cues;
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{set}\t{WordExamples.Names[e.Label]}\t{e.Source}\t{e.Condition}\t{s.Yes:F3}\t{s.No:F3}\t{s.Other:F3}\t{c.F1:F0}\t{c.F2:F0}\t{c.Frontness:F3}\t{c.Syllables}\t{c.CodaBurstDb:F1}\t{c.VoicedMs}\t{c.MurmurMs}"));
            }
        }

        File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-word-cues.tsv"), sb.ToString());
    }

    /// <summary>GATEWAY_MEDIA_WORDS_TRACE=a.wav,b.wav: per 10 ms hop, the level and the predictor's poles (Hz/bandwidth).</summary>
    [Fact]
    public void Trace_formants()
    {
        var files = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_TRACE");
        Assert.SkipUnless(files is { Length: > 0 }, "diagnostic: set GATEWAY_MEDIA_WORDS_TRACE=file.wav,…");
        var sb = new StringBuilder();
        Span<(double Hz, double Bandwidth)> poles = stackalloc (double, double)[5];
        foreach (var file in files.Split(','))
        {
            var x = Load(file);
            sb.AppendLine(file);
            for (var c = 81; c + 80 < x.Length; c += 80)
            {
                var w = x.AsSpan(c - 81, WordPhonetics.Window + 1);
                var e = 0.0;
                foreach (var v in w)
                {
                    e += v * v;
                }

                var n = WordPhonetics.Poles(w, poles);
                var d = 0.0;
                for (var i = 1; i < w.Length; i++)
                {
                    d += (w[i] - w[i - 1]) * (w[i] - w[i - 1]);
                }

                sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {c / 8,5} ms {10 * Math.Log10((e / w.Length) + 1),5:F1} dB bright {10 * Math.Log10((d + 1) / (e + 1)),5:F1}  {string.Join("  ", poles[..n].ToArray().OrderBy(p => p.Hz).Select(p => $"{p.Hz,5:F0}/{p.Bandwidth:F0}"))}"));
            }
        }

        File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-word-trace.txt"), sb.ToString());
    }

    /// <summary>
    /// Short real words: asterisk-core-sounds-ru-wav's digits and letters (one Russian woman), as "other", band-limited to
    /// 300–3400 Hz by sox as the corpora are (copies in the temp folder, never in the repository).
    /// </summary>
    public static List<Utterance> IvrWords()
    {
        var root = IvrRoot() ?? throw new InvalidOperationException("asterisk-core-sounds-ru-wav is not installed (apt-get install asterisk-core-sounds-ru-wav)");
        var cache = Path.Combine(Path.GetTempPath(), "gateway-ivr-words");
        Directory.CreateDirectory(cache);
        var list = new List<Utterance>();
        foreach (var dir in new[] { "digits", "letters" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, dir), "*.wav").Order(StringComparer.Ordinal))
            {
                var name = $"{dir}-{Path.GetFileNameWithoutExtension(file).Replace('_', '-')}";
                var limited = Path.Combine(cache, name + ".wav");
                if (!File.Exists(limited))
                {
                    using var p = System.Diagnostics.Process.Start("sox", ["-V1", file, "-r", "8000", "-c", "1", "-b", "16", limited, "sinc", "300-3400"])!;
                    p.WaitForExit();
                }

                var samples = Load(limited);
                if (samples.Length is > 1600 and < 16_000)
                {
                    list.Add(new Utterance("ivr", "other", name, "ivr", samples));
                }
            }
        }

        return list;
    }

    public static string? IvrRoot() =>
        new[] { Environment.GetEnvironmentVariable("GATEWAY_MEDIA_IVR_SOUNDS"), "/usr/share/asterisk/sounds/ru_RU_f_IvrvoiceRU", "/tmp/rusnd/x/usr/share/asterisk/sounds/ru_RU_f_IvrvoiceRU" }
            .FirstOrDefault(d => d is { Length: > 0 } && Directory.Exists(Path.Combine(d, "digits")));

    private static float[] Load(string path)
    {
        var s = PromptLoader.Load(path).Samples;
        var r = new float[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            r[i] = s[i];
        }

        return r;
    }
}
