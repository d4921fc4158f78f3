using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// The NLMS echo canceller on the default prompt played through a dispersive echo path (bulk delay, 8 ms hybrid
/// response, G.711 both ways), as the evaluation harness builds it.
/// </summary>
public sealed class EchoCancellerTests
{
    [Theory]
    [InlineData(0, 6)]
    [InlineData(32, 10)]
    [InlineData(64, 6)]
    public void Removes_at_least_15_dB_of_prompt_echo_after_the_first_second(int delayMs, int erlDb)
    {
        var (near, far) = EchoOf(delayMs, erlDb, seed: delayMs + erlDb);
        var aec = new IpnlmsEchoCanceller();
        var residual = new short[160];
        double heard = 0, left = 0;
        for (var f = 0; f + 160 <= near.Length; f += 160)
        {
            aec.Process(near.AsSpan(f, 160), far.AsSpan(f, 160), residual);
            if (f >= 8000)
            {
                heard += Level.MeanSquare(near.AsSpan(f, 160));
                left += Level.MeanSquare(residual);
            }
        }

        var erle = 10 * Math.Log10(heard / left);
        Assert.True(erle >= 15, $"ERLE {erle:F1} dB");
    }

    [Fact]
    public void Near_end_speech_over_the_echo_does_not_spoil_the_filter_in_use()
    {
        var (near, far) = EchoOf(16, 6, seed: 5);
        var talk = new float[near.Length];
        Signals.AddWhiteNoise(talk, -15, new Random(9)); // loud double talk from 1.5 s to 2.5 s, never announced
        var aec = new IpnlmsEchoCanceller();
        var residual = new short[160];
        double heard = 0, left = 0;
        for (var f = 0; f + 160 <= near.Length; f += 160)
        {
            var frame = near.AsSpan(f, 160).ToArray();
            if (f >= 12000 && f < 20000)
            {
                for (var i = 0; i < 160; i++)
                {
                    frame[i] = (short)Math.Clamp(frame[i] + talk[f + i], short.MinValue, short.MaxValue);
                }
            }

            aec.Process(frame, far.AsSpan(f, 160), residual);
            if (f >= 20000 && f < 28000)
            {
                heard += Level.MeanSquare(frame);
                left += Level.MeanSquare(residual);
            }
        }

        var erle = 10 * Math.Log10(heard / left);
        Assert.True(erle >= 15, $"ERLE after double talk {erle:F1} dB");
    }

    [Fact]
    public void A_lost_packet_during_the_prompt_stays_silence()
    {
        var (near, far) = EchoOf(8, 6, seed: 3);
        var aec = new IpnlmsEchoCanceller();
        var residual = new short[160];
        for (var f = 0; f + 160 <= 16000; f += 160)
        {
            aec.Process(near.AsSpan(f, 160), far.AsSpan(f, 160), residual);
        }

        aec.Process(new short[160], far.AsSpan(16000, 160), residual);
        Assert.All(residual, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Without_anything_played_the_input_passes_unchanged()
    {
        var near = new short[160];
        new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(near.AsSpan()));
        var residual = new short[160];
        var aec = new IpnlmsEchoCanceller();
        Assert.False(aec.Process(near, default, residual));
        Assert.Equal(near, residual);
        Assert.False(aec.Process(near, new short[160], residual));
        Assert.Equal(near, residual);
    }

    [Fact]
    public void Frames_other_than_160_samples_are_rejected()
    {
        var aec = new IpnlmsEchoCanceller();
        Assert.Throws<ArgumentException>(() => aec.Process(new short[80], new short[160], new short[160]));
        Assert.Throws<ArgumentException>(() => aec.Process(new short[160], new short[80], new short[160]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpnlmsEchoCanceller(300));
    }

    /// <summary>What we hear (echo of the G.711 prompt + −65 dBm0 noise, A-law) and what we played.</summary>
    internal static (short[] Near, short[] Far) EchoOf(int delayMs, int erlDb, int seed)
    {
        var rng = new Random(seed);
        var prompt = Channel.Scaled(Corpus.Instance.Prompt, -15);
        var path = EchoPath.Dispersive(delayMs, erlDb, prompt, rng);
        var far = Signals.ToPcm(prompt);
        var played = new float[far.Length];
        for (var i = 0; i < far.Length; i++)
        {
            played[i] = G711.Decode(G711.Encode(far[i], G711Law.ALaw), G711Law.ALaw);
        }

        var heard = new float[far.Length];
        for (var n = 0; n < heard.Length; n++)
        {
            heard[n] = path.EchoAt(played, n);
        }

        Signals.AddWhiteNoise(heard, -65, rng);
        return (Channel.Finish(heard, G711Law.ALaw, 0, rng), far);
    }
}
