using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Gateway.Media.Prompts;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The additional answer-classification corpus (session 5): more people's answers and more machine greetings in
/// six voices per set, built once per machine and script version by scripts/corpus/build-answer-corpus.sh (espeak-ng
/// + sox, ≈ 30 s) into the temp folder. Apart from <see cref="Corpus"/>, whose utterances and babble the reply,
/// echo and talk-off evaluations use unchanged.
/// </summary>
public sealed class AnswerCorpus
{
    private static readonly Lazy<AnswerCorpus> Shared = new(Build);

    private AnswerCorpus(List<Utterance> utterances, Dictionary<string, (string Kind, float[] Samples)> noise)
    {
        Utterances = utterances;
        Noise = noise;
    }

    public static AnswerCorpus Instance => Shared.Value;

    public IReadOnlyList<Utterance> Utterances { get; }

    /// <summary>The set's stationary coloured noise (tune: pink; heldout: brown).</summary>
    public IReadOnlyDictionary<string, (string Kind, float[] Samples)> Noise { get; }

    public IEnumerable<Utterance> Of(string set, string label) => Utterances.Where(u => u.Set == set && u.Label == label);

    private static AnswerCorpus Build()
    {
        var script = Path.Combine(Corpus.RepoRoot(), "scripts", "corpus", "build-answer-corpus.sh");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(script))))[..12];
        var root = Path.Combine(Path.GetTempPath(), "gateway-media-answers-" + hash);
        var psi = new ProcessStartInfo("bash", [script, root]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var p = Process.Start(psi)!)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(600_000) || p.ExitCode != 0)
            {
                throw new InvalidOperationException("build-answer-corpus.sh failed (needs espeak-ng and sox): " + stderr.Result);
            }
        }

        var list = new List<Utterance>();
        foreach (var set in new[] { "tune", "heldout" })
        {
            foreach (var label in new[] { "human", "machine" })
            {
                foreach (var file in Directory.GetFiles(Path.Combine(root, set, label), "*.wav").Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file).Split('_');
                    list.Add(new Utterance(set, label, name[0], name[1], Load(file)));
                }
            }
        }

        var noise = new Dictionary<string, (string, float[])>
        {
            ["tune"] = ("pink", Load(Path.Combine(root, "noise", "pink-tune.wav"))),
            ["heldout"] = ("brown", Load(Path.Combine(root, "noise", "brown-heldout.wav"))),
        };
        return new AnswerCorpus(list, noise);
    }

    private static float[] Load(string path) => [.. PromptLoader.Load(path).Samples.ToArray().Select(s => (float)s)];
}
