using System.Globalization;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// ERLE of the echo cancellers on the barge-in evaluation's echo paths (<see cref="EchoCancellerEvaluation"/>): an
/// evaluation command, not part of the default run. Run with
/// <c>GATEWAY_MEDIA_ERLE_EVAL=1 dotnet test --project tests/Gateway.Media.Tests -c Release -- --filter-class Gateway.Media.Tests.Evaluation.EchoCancellerEvaluationTests</c>;
/// GATEWAY_MEDIA_ERLE_PROMPTS=N echo-only prompts per cell and set (default 8), GATEWAY_MEDIA_ERLE_CANCELLERS=name,…
/// (default <c>ipnlms,mdf</c>; see <see cref="Create"/>), GATEWAY_MEDIA_ERLE_CELLS=erl/delay,…,
/// GATEWAY_MEDIA_ERLE_PATHCHANGE=1 (the path changes 2 s in, as in every third echo-only prompt of the barge-in
/// evaluation), GATEWAY_MEDIA_ERLE_REPORT the report path.
/// </summary>
public sealed class EchoCancellerEvaluationTests
{
    [Fact]
    public void Echo_canceller_ERLE_per_ERL_and_delay_cell()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_EVAL") == "1", "evaluation command: set GATEWAY_MEDIA_ERLE_EVAL=1");
        var prompts = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_PROMPTS"), out var n) ? n : 8;
        var names = (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_CANCELLERS") ?? "ipnlms,mdf").Split(',');
        var only = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_CELLS")?.Split(',');
        var change = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_PATHCHANGE") == "1";
        var cells = BargeInEvaluation.Erls.SelectMany(e => BargeInEvaluation.Delays.Select(d => (e, d))).Where(c => only is null || only.Contains($"{c.e}/{c.d}")).ToList();
        var results = new List<EchoCancellerEvaluation.Result>();
        foreach (var name in names)
        {
            results.AddRange(EchoCancellerEvaluation.Run(Corpus.Instance, name, () => Create(name), prompts, cells, change));
        }

        var report = EchoCancellerEvaluation.Table(results);
        File.WriteAllText(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_REPORT") ?? Path.Combine(Path.GetTempPath(), "gateway-media-erle-report.md"), report);
        TestContext.Current.SendDiagnosticMessage(report);
        Assert.All(results, r => Assert.False(double.IsNaN(r.MedianDb), $"{r.Canceller} {r.Set} {r.ErlDb}/{r.DelayMs}: no echo frame measured"));
    }

    /// <summary>
    /// A canceller by name: <c>ipnlms</c> (sessions 3–4: 80 ms, first-order pre-emphasis), <c>mdf</c> (the shipped
    /// default's kind), and experiment variants: <c>ipnlms:tail=128,lpc=16</c>, <c>mdf:tail=128,mu=0.5,prop=0.5,pe=0.9</c>.
    /// </summary>
    public static EchoCanceller Create(string name)
    {
        var parts = name.Split(':');
        var args = (parts.Length > 1 ? parts[1] : string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Split('=')).ToDictionary(a => a[0], a => double.Parse(a[1], CultureInfo.InvariantCulture));
        double Arg(string key, double fallback) => args.TryGetValue(key, out var v) ? v : fallback;
        return parts[0] switch
        {
            "ipnlms" => new IpnlmsEchoCanceller((int)Arg("tail", 80), (int)Arg("lpc", 0))
            {
                StepSize = (float)Arg("mu", 0.5),
                FinalStepSize = args.ContainsKey("final") ? (float)Arg("final", 0.5) : null,
                StepDecayFrames = (float)Arg("decay", 25),
                Proportionality = (float)Arg("alpha", 0),
                ProjectionOrder = (int)Arg("apa", 1),
                LeastSquaresTaps = (int)Arg("ls", 0),
                LeastSquaresPrior = Arg("prior", 1e-2),
                LeastSquaresPreEmphasis = (float)Arg("lspe", 0.9),
                GainWeightedNormaliser = Arg("norm", 0) != 0,
            },
            "mdf" => new MdfEchoCanceller((int)Arg("tail", 128))
            {
                StepSize = (float)Arg("mu", 0.5),
                Proportionate = (float)Arg("prop", 0.5),
                PreEmphasis = (float)Arg("pe", 0.9),
            },
            _ => throw new ArgumentException($"Unknown canceller {name}."),
        };
    }
}
