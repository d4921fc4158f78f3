using System.Globalization;
using System.Text;
using Gateway.Media.Classification;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// Diagnostics for choosing reply rules (GATEWAY_MEDIA_NOISE_FEATURES=&lt;file&gt;): every utterance the reply detector
/// judged as a possible yes (length, voice and run rules met), with its contrast against the line around it
/// (<see cref="ReplyDetector.LastContrastDb"/>) and when it ended, one line per trial, tagged by the caller with what
/// it really was. Run with a high GATEWAY_MEDIA_REPLY_CONTRAST so that no yes ends a trial early.
/// </summary>
public sealed class UtteranceLog
{
    private readonly List<(long T, double Contrast, string Context)> _judged = [];
    private int _checks;

    public static string? File => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_NOISE_FEATURES") is { Length: > 0 } f ? f : null;

    public void OnFrame(long t, ReplyDetector d, ReplyDecision k)
    {
        if (d.ContrastChecks != _checks)
        {
            _checks = d.ContrastChecks;
            var (p1, p2, before, after) = d.LastContext();
            var v = d.LastVoicing();
            var lc = d.LastLongContext();
            var cont = d.LastContinuity();
            var ll = d.LastLongLevels();
            _judged.Add((t + 20, d.LastContrastDb, string.Create(CultureInfo.InvariantCulture,
                $"{p1:F1},{p2:F1},{Join(before)};{Join(after)}|{Join(v.BeforeStrength)};{Join(v.BeforeLag)};{Join(v.VoiceStrength)};{Join(v.VoiceLag)};{Join(v.VoiceLevel)};{Join(v.AfterStrength)};{Join(v.AfterLag)}|{lc.Mean:F1},{lc.Median:F1},{lc.P90:F1},{lc.VadReference:F1},{lc.SincePromptEndMs}|{Join(cont.Before)};{Join(cont.After)}|{Join(ll.Levels)}|{Join(ll.VadPercentiles)},{ll.VadFrames}|{d.LastUtterance.LengthMs},{d.LastUtterance.VoiceMs},{d.LastMarginDb:F1},{(d.LastContextSteady ? 1 : 0)}")));
        }
    }

    private static string Join(double[] values) => string.Join(',', values.Select(b => b.ToString("F1", CultureInfo.InvariantCulture)));

    private static string Join(float[] values) => string.Join(',', values.Select(b => b.ToString("F2", CultureInfo.InvariantCulture)));

    private static string Join(short[] values) => string.Join(',', values.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Appends one line: <paramref name="tag"/>, then every judged utterance as end-ms:contrast, marked * when it ended after <paramref name="replyStartMs"/>.</summary>
    public void Write(string tag, long replyStartMs)
    {
        if (File is not { } path)
        {
            return;
        }

        var sb = new StringBuilder(tag);
        foreach (var (t, c, context) in _judged)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {t}:{c:F1}{(replyStartMs >= 0 && t > replyStartMs ? "*" : "")}:{context}");
        }

        System.IO.File.AppendAllText(path, sb.AppendLine().ToString());
    }
}
