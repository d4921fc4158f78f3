using Gateway.Calls.Media;
using Gateway.Media.Dsp;
using Gateway.Media.Prompts;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Calls.Tests.Media;

/// <summary>
/// The pool hands an ended call's speech detector to the next call only if, after its reset, it decides exactly as a
/// new detector would: tested on a call's worth of audio (our prompt, its echo over a line, the far end's "da").
/// </summary>
public class SpeechDetectorPoolTests
{
    private static readonly string Assets = Path.Combine(FindRoot(), "assets");

    [Fact]
    public void A_reset_detector_decides_frame_for_frame_like_a_new_one_after_a_call_that_trained_its_canceller()
    {
        Prompt prompt = PromptLoader.Load(Path.Combine(Assets, "prompts", "prinyat-fax.wav"));
        Prompt da = PromptLoader.Load(Path.Combine(Assets, "simulator", "da.wav"));
        var pool = new SpeechDetectorPool();
        var vad = new VadSelection();
        var speech = new SpeechOptions();

        // The first call: a strong echo 12 ms late, then "da" over it.
        SpeechDetector used = pool.Rent(vad, speech, out bool pooled, out IDisposable? resource);
        Assert.True(pooled);
        Assert.Null(resource);
        List<Frame> first = Run(used, prompt, da, echoDelay: 96, echoShift: 1, seed: 1);
        Assert.Contains(first, f => f.ErleDb > 6); // the canceller did learn that echo path: there is state to forget
        Assert.Contains(first, f => f.Decision == SpeechFrame.Speech);

        pool.Return(used);
        SpeechDetector reused = pool.Rent(vad, speech, out _, out _);
        Assert.Same(used, reused);
        Assert.Equal(1, pool.Reused);

        // The second call: another echo path. The reused detector must match a new one exactly, frame for frame.
        List<Frame> again = Run(reused, prompt, da, echoDelay: 40, echoShift: 2, seed: 2);
        List<Frame> fresh = Run(new SpeechDetector(new DspVoiceActivityDetector(), new SpeechOptions()), prompt, da, echoDelay: 40, echoShift: 2, seed: 2);
        Assert.Equal(fresh, again);
    }

    [Fact]
    public void Detectors_are_kept_per_configuration_by_value_and_up_to_the_capacity()
    {
        var pool = new SpeechDetectorPool(capacity: 1);
        SpeechDetector a = pool.Rent(new VadSelection(), new SpeechOptions(), out _, out _);
        SpeechDetector b = pool.Rent(new VadSelection(), new SpeechOptions(), out _, out _);
        pool.Return(a);
        pool.Return(b); // over the capacity: left to the GC

        // Other options (a different threshold) never get a detector made for the defaults.
        SpeechDetector other = pool.Rent(new VadSelection(), new SpeechOptions { Threshold = 0.7 }, out _, out _);
        Assert.NotSame(a, other);
        Assert.NotSame(b, other);

        // Equal values in new option objects (as every call request has) do.
        Assert.Same(a, pool.Rent(new VadSelection(), new SpeechOptions(), out _, out _));
        Assert.NotSame(b, pool.Rent(new VadSelection(), new SpeechOptions(), out _, out _));
    }

    [Fact]
    public void A_detector_the_pool_did_not_make_is_not_kept()
    {
        var pool = new SpeechDetectorPool();
        var foreign = new SpeechDetector();
        pool.Return(foreign);
        Assert.NotSame(foreign, pool.Rent(new VadSelection(), new SpeechOptions(), out _, out _));
    }

    [Fact]
    public void A_pool_of_capacity_zero_keeps_nothing()
    {
        var pool = new SpeechDetectorPool(capacity: 0);
        SpeechDetector a = pool.Rent(new VadSelection(), new SpeechOptions(), out bool pooled, out _);
        Assert.False(pooled);
        pool.Return(a);
        Assert.NotSame(a, pool.Rent(new VadSelection(), new SpeechOptions(), out _, out _));
    }

    // Our prompt plays; the far end hears it and returns it through an echo path (delay in samples, attenuation by a
    // shift), with line noise; 300 ms after the prompt the far end says "da". Every frame's decision and the detector's
    // internal figures are recorded.
    private static List<Frame> Run(SpeechDetector detector, Prompt prompt, Prompt da, int echoDelay, int echoShift, int seed)
    {
        var random = new Random(seed);
        int frames = prompt.FrameCount + 15 + (da.Samples.Length / 160) + 20;
        var far = new short[frames * 160];
        prompt.Samples.CopyTo(far);
        var near = new short[far.Length];
        for (int i = 0; i < near.Length; i++)
        {
            int echo = i >= echoDelay ? far[i - echoDelay] >> echoShift : 0;
            near[i] = (short)Math.Clamp(echo + random.Next(-40, 41), short.MinValue, short.MaxValue);
        }

        int daStart = (prompt.FrameCount + 15) * 160;
        for (int i = 0; i < da.Samples.Length && daStart + i < near.Length; i++)
        {
            near[daStart + i] = (short)Math.Clamp(near[daStart + i] + da.Samples[i], short.MinValue, short.MaxValue);
        }

        var frame = new AnalysisFrame();
        var result = new List<Frame>(frames);
        for (int f = 0; f < frames; f++)
        {
            frame.Load(near.AsSpan(f * 160, 160), f * 20L);
            SpeechFrame decision = detector.Process(frame, far.AsSpan(f * 160, 160), toneOn: false);
            result.Add(new Frame(decision, detector.LastProbability, detector.LastLevelDbm0, detector.EchoCanceller?.LastErleDb ?? 0, detector.DoubleTalk?.NearEnd ?? false));
        }

        return result;
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries.");
    }

    private readonly record struct Frame(SpeechFrame Decision, float Probability, double LevelDbm0, double ErleDb, bool NearEnd);
}
