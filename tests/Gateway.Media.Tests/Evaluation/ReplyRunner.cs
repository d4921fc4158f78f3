using Gateway.Media.Classification;
using Gateway.Media.Codecs;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>One simulated prompt-and-reply exchange.</summary>
public sealed record ReplyScenario(
    float[] Near, float[] Prompt, int PromptStartMs, double ErlDb, int EchoDelayMs, G711Law Law, double LossRate, int ListenAfterPromptMs, int Seed);

/// <summary>The outcome: first final/replay decision, whether barge-in fired, when.</summary>
public sealed record ReplyResult(ReplyKind Kind, long AtMs, bool BargedIn, long PromptEndMs);

/// <summary>
/// Plays the prompt into a far-end echo path (delay, ERL) on the fly, so that a barge-in really stops the echo,
/// adds the near-end signal, passes it through G.711 and packet loss, and feeds the ReplyDetector frame by frame.
/// </summary>
public static class ReplyRunner
{
    public static ReplyResult Run(ReplyScenario s, ReplyDetectorOptions? options = null)
    {
        var detector = new ReplyDetector(options ?? new ReplyDetectorOptions { MaxReplays = 0 }, EvaluationVad.CreateSpeech());
        var rng = new Random(s.Seed);
        var promptFrames = s.Prompt.Length / 160;
        var startFrame = s.PromptStartMs / 20;
        var totalFrames = Math.Max(s.Near.Length / 160, startFrame + promptFrames + (s.ListenAfterPromptMs / 20));
        var played = new float[(totalFrames + 1) * 160];
        var delay = s.EchoDelayMs * 8;
        var gain = (float)Math.Pow(10, -s.ErlDb / 20);
        var near = new float[160];
        var farPcm = new short[160];
        var playing = false;
        var bargedIn = false;
        long promptEnd = -1;
        for (var f = 0; f < totalFrames; f++)
        {
            var t = f * 20L;
            var pi = f - startFrame;
            if (pi == 0)
            {
                detector.StartPrompt(t);
                playing = true;
            }

            if (playing && pi >= promptFrames)
            {
                playing = false;
                promptEnd = t;
                detector.PromptFinished(t);
            }

            var far = ReadOnlySpan<short>.Empty;
            if (playing)
            {
                for (var i = 0; i < 160; i++)
                {
                    var v = s.Prompt[(pi * 160) + i];
                    played[(f * 160) + i] = v;
                    farPcm[i] = (short)Math.Clamp(v, short.MinValue, short.MaxValue);
                }

                far = farPcm;
            }

            for (var i = 0; i < 160; i++)
            {
                var n = (f * 160) + i;
                var echo = n - delay >= 0 ? played[n - delay] * gain : 0;
                near[i] = (n < s.Near.Length ? s.Near[n] : 0) + echo;
            }

            var pcm = Channel.Finish(near, s.Law, s.LossRate, rng);
            var d = detector.Process(pcm, t, far);
            if (d.Kind == ReplyKind.StopPrompt)
            {
                bargedIn = true;
                if (playing)
                {
                    playing = false;
                    promptEnd = t + 20;
                    detector.PromptFinished(t + 20);
                }
            }
            else if (d.Kind != ReplyKind.None)
            {
                return new ReplyResult(d.Kind, d.AtMs, bargedIn, promptEnd);
            }
        }

        return new ReplyResult(ReplyKind.None, totalFrames * 20L, bargedIn, promptEnd);
    }
}
