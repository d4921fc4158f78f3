using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Gateway.Media.Prompts;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The word-check corpus (session 7), built once per machine and script version by scripts/corpus/build-word-corpus.sh:
/// set "train" (espeak-ng voice variants none of the reply corpus's sets uses) and, when Festival and festvox-ru are
/// installed, set "festival" (a held-out synthesizer). Labels: yes, no, other.
/// </summary>
public sealed class WordCorpus
{
    private static readonly Lazy<WordCorpus> Shared = new(Build);

    private WordCorpus(string root, List<Utterance> utterances, string? festivalMissing)
    {
        Root = root;
        Utterances = utterances;
        FestivalMissing = festivalMissing;
    }

    public static WordCorpus Instance => Shared.Value;

    public string Root { get; }

    public IReadOnlyList<Utterance> Utterances { get; }

    /// <summary>Why there is no festival set (the script's message), or null when there is one.</summary>
    public string? FestivalMissing { get; }

    public IEnumerable<Utterance> Of(string set) => Utterances.Where(u => u.Set == set);

    private static WordCorpus Build()
    {
        var scripts = Path.Combine(Corpus.RepoRoot(), "scripts", "corpus");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(scripts, "build-word-corpus.sh")))))[..12];
        var root = Path.Combine(Path.GetTempPath(), "gateway-word-corpus-" + hash);
        var psi = new ProcessStartInfo("bash", [Path.Combine(scripts, "build-word-corpus.sh"), root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string stderr;
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(900_000) || p.ExitCode != 0)
            {
                throw new InvalidOperationException("build-word-corpus.sh failed (needs espeak-ng and sox): " + err.Result);
            }

            stderr = err.Result.Trim();
        }

        var list = new List<Utterance>();
        foreach (var set in new[] { "train", "festival" })
        {
            if (!Directory.Exists(Path.Combine(root, set)))
            {
                continue;
            }

            foreach (var dir in Directory.GetDirectories(Path.Combine(root, set)).Order(StringComparer.Ordinal))
            {
                foreach (var file in Directory.GetFiles(dir, "*.wav").Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file).Split('_');
                    list.Add(new Utterance(set, Path.GetFileName(dir), $"{name[0]}_{name[2]}_{name[3]}", name[1], Load(file)));
                }
            }
        }

        var missing = Directory.Exists(Path.Combine(root, "festival")) ? null : stderr.Length > 0 ? stderr : "no festival set";
        return new WordCorpus(root, list, missing);
    }

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
