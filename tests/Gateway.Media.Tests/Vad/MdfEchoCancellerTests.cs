using Gateway.Media.Dsp;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// The frequency-domain (MDF) echo canceller on white noise and on the default prompt played through a dispersive echo
/// path (bulk delay, 8 ms hybrid response, G.711 both ways), as the evaluation harness builds it.
/// </summary>
public sealed class MdfEchoCancellerTests
{
    [Fact]
    public void Converges_to_at_least_20_dB_on_a_white_noise_reference_within_a_second()
    {
        var rng = new Random(3);
        var far = new float[8000 * 2];
        Signals.AddWhiteNoise(far, -15, rng);
        var path = EchoPath.Dispersive(32, 6, far, rng);
        var near = new float[far.Length];
        for (var n = 0; n < near.Length; n++)
        {
            near[n] = path.EchoAt(far, n);
        }

        Signals.AddWhiteNoise(near, -65, rng);
        var erle = Erle(new MdfEchoCanceller(), Signals.ToPcm(near), Signals.ToPcm(far), fromSample: 8000);
        Assert.True(erle >= 20, $"ERLE {erle:F1} dB");
    }

    [Fact]
    public void Cancels_an_echo_delayed_beyond_80_ms_which_the_session_4_canceller_cannot_reach()
    {
        var (near, far) = EchoCancellerTests.EchoOf(96, 6, seed: 102);
        var mdf = Erle(new MdfEchoCanceller(), near, far, fromSample: 8000);
        var old = Erle(new IpnlmsEchoCanceller(), near, far, fromSample: 8000);
        Assert.True(mdf >= 12 && old < 3, $"MDF {mdf:F1} dB, IPNLMS (80 ms) {old:F1} dB");
    }

    [Fact]
    public void A_lost_packet_during_the_prompt_stays_silence_and_nothing_played_passes_unchanged()
    {
        var (near, far) = EchoCancellerTests.EchoOf(8, 6, seed: 3);
        var aec = new MdfEchoCanceller();
        var residual = new short[160];
        for (var f = 0; f + 160 <= 16000; f += 160)
        {
            aec.Process(near.AsSpan(f, 160), far.AsSpan(f, 160), residual);
        }

        aec.Process(new short[160], far.AsSpan(16000, 160), residual);
        Assert.All(residual, s => Assert.Equal(0, s));

        var idle = new MdfEchoCanceller();
        Assert.False(idle.Process(near.AsSpan(0, 160), default, residual));
        Assert.Equal(near.AsSpan(0, 160).ToArray(), residual);
    }

    [Fact]
    public void Filtering_and_training_allocate_nothing_per_frame()
    {
        var (near, far) = EchoCancellerTests.EchoOf(16, 6, seed: 4);
        var aec = new MdfEchoCanceller();
        var residual = new short[160];
        aec.Process(near.AsSpan(0, 160), far.AsSpan(0, 160), residual);
        // The fewest bytes of three measured passes over the same 2 s (a canceller that allocates per frame does so in every pass).
        var allocated = Allocations.Fewest(() =>
        {
            for (var f = 160; f + 160 <= 16000; f += 160)
            {
                aec.Process(near.AsSpan(f, 160), far.AsSpan(f, 160), residual);
            }
        });

        Assert.Equal(0, allocated);
    }

    internal static double Erle(EchoCanceller aec, short[] near, short[] far, int fromSample)
    {
        var residual = new short[160];
        double heard = 0, left = 0;
        for (var f = 0; f + 160 <= near.Length; f += 160)
        {
            aec.Process(near.AsSpan(f, 160), far.AsSpan(f, 160), residual);
            if (f >= fromSample)
            {
                heard += Level.MeanSquare(near.AsSpan(f, 160));
                left += Level.MeanSquare(residual);
            }
        }

        return 10 * Math.Log10(heard / left);
    }
}
