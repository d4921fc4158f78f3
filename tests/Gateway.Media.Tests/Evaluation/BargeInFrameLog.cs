using System.Globalization;
using Gateway.Media.Classification;
using Gateway.Media.Dsp;
using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// GATEWAY_MEDIA_BARGEIN_FRAMES=path (session 8): a tab-separated line per frame of every barge-in trial with what the
/// speech detector saw (the reply's own level as truth, the residual, the canceller's estimate and correlation, the
/// double-talk detector's excess over its predicted residual echo, the gates' clearances, the decision), and a line per
/// trial with its outcome, for analysing the per-frame rules offline.
/// </summary>
internal sealed class BargeInFrameLog : IDisposable
{
    private static readonly Lazy<BargeInFrameLog?> Instance = new(() =>
        Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_FRAMES") is { Length: > 0 } path ? new BargeInFrameLog(path) : null);

    private readonly StreamWriter _writer;

    private BargeInFrameLog(string path)
    {
        _writer = new StreamWriter(path, append: false) { AutoFlush = false };
        _writer.WriteLine("set\terl\tdelay\ttrial\tt\treply\trawclear_plus_loss\tres\test\tcorr\terle\ttrusted\texcess\tgate\traw\tloss\tp\tdecision\tchange\tnearend\tmisfit\tlearnable\tnoise\tRb\tYb\tAb\tvadref\tvadfloor");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _writer.Flush();
    }

    /// <summary>The log, or null when GATEWAY_MEDIA_BARGEIN_FRAMES is not set.</summary>
    public static BargeInFrameLog? Writer => Instance.Value;

    public void Frame(string key, long t, double replyDb, ReplyDetector d)
    {
        var s = d.Speech;
        var c = s.EchoCanceller;
        var dtd = s.DoubleTalk;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{key}\t{t}\t{replyDb:F1}\t{s.LastRawEchoClearanceDb + s.RawEchoGate.LossDb:F1}\t{s.LastLevelDbm0:F1}\t{Level.MeanSquareToDbm0(c?.LastEchoEstimateMeanSquare ?? 0):F1}\t{c?.LastEchoCorrelation:F2}\t{c?.LastErleDb:F1}\t{(dtd?.Trusted == true ? 1 : 0)}\t{dtd?.LastExcessDb:F1}\t{s.EchoGate.ClearanceDb(Level.Dbm0ToMeanSquare(s.LastLevelDbm0)):F1}\t{s.LastRawEchoClearanceDb:F1}\t{s.EchoGate.LossDb:F1}\t{s.LastProbability:F2}\t{s.LastDecision}\t{(s.EchoPathChanged ? 1 : 0)}\t{(dtd?.NearEnd == true ? 1 : 0)}\t{(dtd?.Misfit == true ? 1 : 0)}\t{(dtd?.LastFrameLearnable == true ? 1 : 0)}\t{dtd?.LastNoise:G4}\t{(dtd is null ? "" : Bands(dtd.LastResidualBands))}\t{(dtd is null ? "" : Bands(dtd.LastEstimateBands))}\t{(dtd is null ? "" : Bands(dtd.LastBandRatios))}\t{(s.Vad is DspVoiceActivityDetector v ? v.ReferenceDbm0 : double.NaN):F1}\t{(s.Vad is DspVoiceActivityDetector f ? f.FloorDbm0 : double.NaN):F1}"));
    }

    private static string Bands(ReadOnlySpan<double> bands)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var b in bands)
        {
            sb.Append(sb.Length > 0 ? "," : "").Append(b.ToString("G4", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public void Dispose() => _writer.Dispose();

    public void Outcome(string key, string outcome)
    {
        _writer.WriteLine($"#\t{key}\t{outcome}");
        _writer.Flush();
    }
}
