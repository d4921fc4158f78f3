using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Prompts;
using Gateway.Media.Tests.Evaluation;
using NAudio.Wave;
using Xunit;

namespace Gateway.Media.Tests.Prompts;

public sealed class PromptLoaderTests
{
    [Theory]
    [InlineData(8000, 16, 1)]
    [InlineData(16000, 16, 2)]
    [InlineData(44100, 24, 2)]
    [InlineData(22050, 8, 1)]
    public void Any_wav_becomes_8_kHz_frames_at_the_same_level(int rate, int bits, int channels)
    {
        var path = Path.Combine(Path.GetTempPath(), $"prompt-{rate}-{bits}-{channels}-{Environment.ProcessId}.wav");
        try
        {
            var amp = Level.SinePeak(-10) / 32768.0;
            using (var w = new WaveFileWriter(path, new WaveFormat(rate, bits, channels)))
            {
                for (var i = 0; i < rate; i++)
                {
                    var v = (float)(amp * Math.Sin(2 * Math.PI * 1000 * i / rate));
                    for (var c = 0; c < channels; c++)
                    {
                        if (bits == 8)
                        {
                            w.WriteByte((byte)Math.Round(128 + (v * 127))); // NAudio's writer has no 8-bit sample path
                        }
                        else
                        {
                            w.WriteSample(v);
                        }
                    }
                }
            }

            var prompt = PromptLoader.Load(path);
            Assert.InRange(prompt.FrameCount, 49, 51);
            Assert.InRange(Level.Dbm0(prompt.Samples[800..7200]), bits == 8 ? -10.6 : -10.3, -9.7);
            Assert.Equal(160, prompt.EncodedFrame(3, G711Law.ALaw).Length);
            Assert.Equal(G711.Encode(prompt.LinearFrame(3)[5], G711Law.MuLaw), prompt.EncodedFrame(3, G711Law.MuLaw)[5]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_and_unreadable_files_get_a_clear_error()
    {
        var missing = Assert.Throws<PromptLoadException>(() => PromptLoader.Load("/nonexistent/prompt.wav"));
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is not a wav file at all");
            var bad = Assert.Throws<PromptLoadException>(() => PromptLoader.Load(path));
            Assert.Contains("not a readable WAV", bad.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_default_prompt_asset_loads_and_is_cached_once()
    {
        var path = Path.Combine(Corpus.RepoRoot(), "assets", "prompts", "prinyat-fax.wav");
        var cache = new PromptCache();
        var a = cache.Get(path);
        var b = cache.Get(path);
        Assert.Same(a, b);
        Assert.InRange(a.DurationMs, 1000, 6000);
        Assert.Equal(1, cache.Count);
    }
}
