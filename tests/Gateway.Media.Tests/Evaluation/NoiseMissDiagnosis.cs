using System.Globalization;
using Gateway.Media.Classification;
using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// Why a reply was missed on the first prompt (session 8, <c>GATEWAY_MEDIA_NOISE_DIAG=1</c>): follows the reply detector
/// frame by frame and, for the reply's span (its first sample to 300 ms after its last active sample), says what became of
/// it — the VAD never held voice there (<c>vad</c>, with how far the reply's loudest frame stood over the VAD's reference),
/// an utterance ended by a rule (<see cref="ReplyDetector.LastOutcome"/>: <c>short</c>, <c>long</c>, <c>contrast</c> with
/// its margin, <c>near</c>, <c>late</c>, …), or still open when the trial ended (<c>open</c>: merged with the noise).
/// </summary>
public sealed class NoiseMissDiagnosis
{
    private readonly List<(long T, double Level, double Reference, SpeechFrame Decision)> _frames = [];
    private readonly List<(long Start, int Length, int Voice, int Run, string Outcome, double Margin, double Contrast, bool Steady)> _ended = [];
    private int _seen;

    public static bool Enabled => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_NOISE_DIAG") == "1";

    public void OnFrame(long t, ReplyDetector d, ReplyDecision k)
    {
        var reference = d.Speech.Vad is DspVoiceActivityDetector dsp ? dsp.ReferenceDbm0 : double.NaN;
        _frames.Add((t, d.Speech.LastLevelDbm0, reference, d.Speech.LastDecision));
        if (d.UtterancesEnded != _seen)
        {
            _seen = d.UtterancesEnded;
            var u = d.LastUtterance;
            var judged = d.LastOutcome is not ("before-question" or "long" or "short" or "run");
            _ended.Add((u.StartMs, u.LengthMs, u.VoiceMs, u.LongestRunMs, d.LastOutcome, judged ? d.LastMarginDb : double.NaN, judged ? d.LastContrastDb : double.NaN, d.LastContextSteady));
        }
    }

    /// <summary>With <c>GATEWAY_MEDIA_NOISE_DIAG=frames</c>: each frame of the reply's span as level over the VAD's reference (dB), <c>*</c> = voice.</summary>
    private string Frames(long startMs, long to) =>
        Environment.GetEnvironmentVariable("GATEWAY_MEDIA_NOISE_DIAGFRAMES") != "1" ? "" :
        " [" + string.Join(' ', _frames.Where(f => f.T >= startMs - 100 && f.T < to).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Level - f.Reference:F1}{(f.Decision == SpeechFrame.Speech ? "*" : "")}"))) + "]";

    /// <summary>The category (first word) and details of a miss whose reply spans [<paramref name="startMs"/>, <paramref name="activeEndMs"/>).</summary>
    public string Describe(long startMs, long activeEndMs) => Describe2(startMs, activeEndMs) + Frames(startMs, activeEndMs + 300);

    private string Describe2(long startMs, long activeEndMs)
    {
        var to = activeEndMs + 300;
        var overlapping = _ended.Where(u => u.Start < to && u.Start + u.Length + 20 > startMs).ToList();
        var inSpan = _frames.Where(f => f.T >= startMs && f.T < activeEndMs).ToList();
        var speech = _frames.Count(f => f.T >= startMs && f.T < to && f.Decision == SpeechFrame.Speech);
        var peak = inSpan.Count == 0 ? double.NaN : inSpan.Max(f => f.Level - f.Reference);
        if (overlapping.Count > 0)
        {
            // The utterance that came closest to a yes: the judged one with the best margin, else the longest.
            var best = overlapping.OrderByDescending(u => double.IsNaN(u.Margin) ? double.MinValue : u.Margin).ThenByDescending(u => u.Length).First();
            return string.Create(CultureInfo.InvariantCulture,
                $"{best.Outcome} start{best.Start - startMs:+0;-0}ms len {best.Length} voice {best.Voice} run {best.Run}{(double.IsNaN(best.Margin) ? "" : $" margin {best.Margin:F1} contrast {best.Contrast:F1}{(best.Steady ? " steady" : "")}")}{(overlapping.Count > 1 ? $" ({overlapping.Count} utterances: {string.Join("/", overlapping.Select(u => u.Outcome))})" : "")}");
        }

        if (speech > 0 && _frames.Count > 0 && _frames[^1].Decision == SpeechFrame.Speech)
        {
            return string.Create(CultureInfo.InvariantCulture, $"open speech {speech * 20} ms");
        }

        return string.Create(CultureInfo.InvariantCulture, $"vad speech {speech * 20} ms, loudest frame {peak:F1} dB over the reference");
    }
}
