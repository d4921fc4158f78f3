using System.Globalization;
using System.Text;
using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The echo canceller alone on the barge-in evaluation's echo paths (<see cref="EchoPath.Dispersive"/>: bulk delay
/// 0–64 ms, 8 ms hybrid dispersion, ERL 6–20 dB, G.711 both ways, line noise −55…−70 dBm0), echo only: per-frame ERLE
/// (heard ÷ residual) over the frames where the echo stands ≥ 20 dB over the line noise, from the prompt's second
/// second on, as median and 10th percentile per cell — the 10th percentile is what the double-talk detector's learned
/// residual ratio (the largest of 12 frames) follows. Run by <see cref="EchoCancellerEvaluationTests"/>.
/// </summary>
public static class EchoCancellerEvaluation
{
    /// <summary>One canceller's figures in one cell and set.</summary>
    public sealed record Result(string Canceller, string Set, int ErlDb, int DelayMs, int Prompts, double MedianDb, double P10Db, double OverallDb, double P10AfterChangeDb);

    /// <summary>Runs <paramref name="prompts"/> echo-only prompts per cell and set through a fresh canceller each.</summary>
    public static List<Result> Run(Corpus corpus, string name, Func<EchoCanceller> create, int prompts, IEnumerable<(int Erl, int Delay)> cells, bool pathChange)
    {
        var results = new List<Result>();
        var seed = 4711;
        foreach (var (erl, delay) in cells)
        {
            foreach (var set in new[] { "tune", "heldout" })
            {
                var rng = new Random(seed++);
                var source = BargeInEvaluation.PromptOf(corpus, set);
                if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_SOURCE") == "white")
                {
                    source = new float[source.Length]; // diagnostics: white noise instead of the prompt
                    Signals.AddWhiteNoise(source, -15, new Random(seed));
                }

                // GATEWAY_MEDIA_ERLE_TRACE=path: a line per frame (echo level, echo left, the canceller's figures).
                var tracePath = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_TRACE");
                var trace = tracePath is { Length: > 0 } ? new StringBuilder() : null;
                var frames = new List<double>();
                var afterChange = new List<double>();
                double heard = 0, left = 0;
                for (var k = 0; k < prompts; k++)
                {
                    var p = Channel.Scaled(source, -10 - (rng.NextDouble() * 10));
                    var skip = 8000;
                    if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_ERLE_REPEAT") == "1")
                    {
                        // Diagnostics: the prompt twice, measured on the second (how far the filter gets with more data).
                        skip = p.Length;
                        p = [.. p, .. p];
                    }

                    var noiseDbm0 = -55 - (rng.NextDouble() * 15);
                    var law = rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw;
                    var path = EchoPath.Dispersive(delay, erl, p, rng);
                    if (pathChange)
                    {
                        path = path with { Next = EchoPath.Dispersive(delay + 24, Math.Max(6, erl - rng.Next(5)), p, rng), ChangeAt = Signals.Samples(2000) };
                    }

                    var far = Signals.ToPcm(p);
                    var played = new float[far.Length];
                    for (var i = 0; i < far.Length; i++)
                    {
                        played[i] = G711.Decode(G711.Encode(far[i], law), law);
                    }

                    var echo = new float[far.Length];
                    var near = new float[far.Length];
                    for (var n = 0; n < near.Length; n++)
                    {
                        echo[n] = path.EchoAt(played, n);
                        near[n] = echo[n];
                    }

                    Signals.AddWhiteNoise(near, noiseDbm0, rng);
                    var lineNoise = new float[near.Length];
                    for (var n = 0; n < near.Length; n++)
                    {
                        lineNoise[n] = near[n] - echo[n];
                    }

                    var heardPcm = Channel.Finish(near, law, 0, rng);
                    var aec = create();
                    var residual = new short[160];
                    var noise = Level.Dbm0ToMeanSquare(noiseDbm0);
                    for (var f = 0; f + 160 <= heardPcm.Length; f += 160)
                    {
                        aec.Process(heardPcm.AsSpan(f, 160), far.AsSpan(f, 160), residual);
                        trace?.Append(CultureInfo.InvariantCulture, $"{set} {erl}/{delay} prompt {k} {f / 8} ms: echo {Level.MeanSquareToDbm0(Power(echo, f)):F1} dBm0 far peak {MaxAbs(far, f)} heard peak {MaxAbs(heardPcm, f)}")
                            .Append(CultureInfo.InvariantCulture, $" left {Level.MeanSquareToDbm0(Power(residual, lineNoise, f)):F1} erle {aec.LastErleDb:F1} corr {aec.LastEchoCorrelation:F2}")
                            .AppendLine(CultureInfo.InvariantCulture, $"{(aec is IpnlmsEchoCanceller ipn ? $" ls@{ipn.LeastSquaresOffset}" : string.Empty)}{(aec.Diverged ? " diverged" : string.Empty)}");
                        if (f < skip)
                        {
                            continue;
                        }

                        // The echo left in the residual: the residual less the line noise we added (the G.711 coding noise stays in).
                        double e = 0, re = 0;
                        for (var i = 0; i < 160; i++)
                        {
                            e += echo[f + i] * (double)echo[f + i];
                            var x = residual[i] - lineNoise[f + i];
                            re += x * (double)x;
                        }

                        heard += e;
                        left += re;
                        if (e / 160 >= noise * 10)
                        {
                            var erle = 10 * Math.Log10(e / Math.Max(re, 1e-3));
                            (pathChange && f >= Signals.Samples(2000) && f < Signals.Samples(3000) ? afterChange : frames).Add(erle);
                        }
                    }
                }

                if (trace is not null)
                {
                    File.AppendAllText(tracePath!, trace.ToString());
                }

                results.Add(new Result(name, set, erl, delay, prompts, Percentile(frames, 0.5), Percentile(frames, 0.1), 10 * Math.Log10(heard / Math.Max(left, 1e-3)), Percentile(afterChange, 0.1)));
            }
        }

        return results;
    }

    /// <summary>A markdown table of <paramref name="results"/>: one row per cell, the cancellers side by side.</summary>
    public static string Table(List<Result> results)
    {
        var names = results.Select(r => r.Canceller).Distinct().ToList();
        var sb = new StringBuilder();
        foreach (var set in new[] { "tune", "heldout" })
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\n{set} prompt — per-frame ERLE dB, median / p10 (overall)\n");
            sb.AppendLine("| ERL dB | delay ms | " + string.Join(" | ", names) + " |");
            sb.AppendLine("|---|---|" + string.Concat(names.Select(_ => "---|")));
            foreach (var g in results.Where(r => r.Set == set).GroupBy(r => (r.ErlDb, r.DelayMs)))
            {
                var row = string.Join(" | ", names.Select(n => g.Single(r => r.Canceller == n)).Select(Format));
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {g.Key.ErlDb} | {g.Key.DelayMs} | {row} |");
            }

            foreach (var n in names)
            {
                var rs = results.Where(r => r.Set == set && r.Canceller == n).ToList();
                sb.AppendLine(CultureInfo.InvariantCulture, $"\n{set}, {n}: median of cell medians {Percentile(rs.Select(r => r.MedianDb).ToList(), 0.5):F1} dB, of cell p10 {Percentile(rs.Select(r => r.P10Db).ToList(), 0.5):F1} dB, worst cell p10 {rs.Min(r => r.P10Db):F1} dB");
            }
        }

        return sb.ToString();
    }

    private static string Format(Result r) => double.IsNaN(r.P10AfterChangeDb)
        ? string.Create(CultureInfo.InvariantCulture, $"{r.MedianDb:F1} / {r.P10Db:F1} ({r.OverallDb:F1})")
        : string.Create(CultureInfo.InvariantCulture, $"{r.MedianDb:F1} / {r.P10Db:F1} ({r.OverallDb:F1}; p10 after change {r.P10AfterChangeDb:F1})");

    private static int MaxAbs(short[] x, int from)
    {
        var m = 0;
        for (var i = 0; i < 160; i++)
        {
            m = Math.Max(m, Math.Abs((int)x[from + i]));
        }

        return m;
    }

    private static double Power(float[] x, int from)
    {
        double e = 0;
        for (var i = 0; i < 160; i++)
        {
            e += x[from + i] * (double)x[from + i];
        }

        return e / 160;
    }

    private static double Power(short[] residual, float[] lineNoise, int from)
    {
        double e = 0;
        for (var i = 0; i < 160; i++)
        {
            var x = residual[i] - lineNoise[from + i];
            e += x * (double)x;
        }

        return e / 160;
    }

    private static double Percentile(List<double> v, double q) => v.Count == 0 ? double.NaN : v.Order().ElementAt(Math.Min(v.Count - 1, (int)(q * v.Count)));
}
