using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Gateway.Media.Prompts;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>One labelled utterance of the corpus.</summary>
public sealed record Utterance(string Set, string Label, string Id, string Voice, float[] Samples);

/// <summary>
/// The evaluation corpus, built once per machine and script version by scripts/corpus/build-corpus.sh
/// (espeak-ng + sox) into the temp folder, then loaded into memory once per test run.
/// </summary>
public sealed class Corpus
{
    private static readonly Lazy<Corpus> Shared = new(Build);

    private Corpus(string root, List<Utterance> utterances, Dictionary<string, float[]> babble, float[] prompt)
    {
        Root = root;
        Utterances = utterances;
        Babble = babble;
        Prompt = prompt;
    }

    public static Corpus Instance => Shared.Value;

    public string Root { get; }

    public IReadOnlyList<Utterance> Utterances { get; }

    public IReadOnlyDictionary<string, float[]> Babble { get; }

    public float[] Prompt { get; }

    public IEnumerable<Utterance> Of(string set, string label) => Utterances.Where(u => u.Set == set && u.Label == label);

    public static string RepoRoot() =>
        FindUp(AppContext.BaseDirectory) ?? FindUp(Environment.CurrentDirectory) ?? FindUp(Environment.GetEnvironmentVariable("GATEWAY_REPO_ROOT") ?? "/")
        ?? throw new InvalidOperationException($"Cannot find scripts/corpus/build-corpus.sh above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");

    private static string? FindUp(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "scripts", "corpus", "build-corpus.sh")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }

    private static Corpus Build()
    {
        var repo = RepoRoot();
        var scripts = Path.Combine(repo, "scripts", "corpus");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            File.ReadAllText(Path.Combine(scripts, "build-corpus.sh")) + File.ReadAllText(Path.Combine(scripts, "make-prompt.sh")))))[..12];
        var root = Path.Combine(Path.GetTempPath(), "gateway-media-corpus-" + hash);
        var psi = new ProcessStartInfo("bash", [Path.Combine(scripts, "build-corpus.sh"), root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var p = Process.Start(psi)!)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(600_000) || p.ExitCode != 0)
            {
                throw new InvalidOperationException("build-corpus.sh failed (needs espeak-ng and sox): " + stderr.Result);
            }
        }

        var list = new List<Utterance>();
        foreach (var set in new[] { "tune", "heldout" })
        {
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, set)).Order(StringComparer.Ordinal))
            {
                foreach (var file in Directory.GetFiles(dir, "*.wav").Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file).Split('_');
                    list.Add(new Utterance(set, Path.GetFileName(dir), name[0], name[1], Load(file)));
                }
            }
        }

        var babble = new Dictionary<string, float[]>
        {
            ["tune"] = Load(Path.Combine(root, "noise", "babble-tune.wav")),
            ["heldout"] = Load(Path.Combine(root, "noise", "babble-heldout.wav")),
        };
        return new Corpus(root, list, babble, Load(Path.Combine(root, "prompt.wav")));
    }

    private static float[] Load(string path)
    {
        var prompt = PromptLoader.Load(path);
        var s = prompt.Samples;
        var r = new float[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            r[i] = s[i];
        }

        return r;
    }
}
