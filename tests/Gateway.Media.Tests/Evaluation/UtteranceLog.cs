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
            _judged.Add((t + 20, d.LastContrastDb, string.Create(CultureInfo.InvariantCulture,
                $"{p1:F1},{p2:F1},{string.Join(',', before.Select(b => b.ToString("F1", CultureInfo.InvariantCulture)))};{string.Join(',', after.Select(b => b.ToString("F1", CultureInfo.InvariantCulture)))}")));
        }
    }

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
