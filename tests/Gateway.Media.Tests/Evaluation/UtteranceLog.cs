using System.Globalization;
using System.Text;
using Gateway.Media.Classification;
using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// Diagnostics for choosing reply rules (GATEWAY_MEDIA_NOISE_FEATURES=&lt;file&gt;): for every "yes", the voice frames of
/// the utterance that made it (level over the VAD reference), one line per utterance, tagged with
/// what it really was (a reply, or noise).
/// </summary>
public sealed class UtteranceLog
{
    private readonly List<(long T, double Snr)> _voice = [];
    private readonly List<(long T, double Level, bool Speech)> _all = [];

    public static string? File => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_NOISE_FEATURES") is { Length: > 0 } f ? f : null;

    public void OnFrame(long t, ReplyDetector d, ReplyDecision k)
    {
        _all.Add((t, d.Speech.LastLevelDbm0, d.Speech.LastDecision == SpeechFrame.Speech));
        if (d.Speech.LastDecision == SpeechFrame.Speech)
        {
            var vad = d.Speech.Vad as DspVoiceActivityDetector;
            _voice.Add((t, d.Speech.LastLevelDbm0 - (vad?.ReferenceDbm0 ?? 0)));
        }
    }

    /// <summary>Appends the utterance that ended just before <paramref name="yesAtMs"/>.</summary>
    public void Write(string tag, long yesAtMs)
    {
        if (File is not { } path)
        {
            return;
        }

        var frames = new List<(long T, double Snr)>();
        var next = yesAtMs;
        for (var i = _voice.Count - 1; i >= 0; i--)
        {
            if (next - (_voice[i].T + 20) >= 300 + 80)
            {
                break;
            }

            frames.Insert(0, _voice[i]);
            next = _voice[i].T;
        }

        var sb = new StringBuilder(tag);
        foreach (var f in frames)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {f.T}:{f.Snr:F1}");
        }

        if (frames.Count > 0)
        {
            // Every frame's level from 1 s before the utterance to the "yes" (context).
            sb.Append(" |");
            foreach (var a in _all.Where(a => a.T >= frames[0].T - 1000 && a.T < yesAtMs))
            {
                sb.Append(CultureInfo.InvariantCulture, $" {a.T}:{a.Level:F1}:{(a.Speech ? 1 : 0)}");
            }
        }

        System.IO.File.AppendAllText(path, sb.AppendLine().ToString());
    }
}
