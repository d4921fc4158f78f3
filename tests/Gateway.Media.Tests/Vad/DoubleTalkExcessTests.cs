using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// <see cref="DoubleTalkDetector.LastExcessDb"/> (session 8 diagnostics): how far a frame's residual stood above the residual
/// echo the detector predicted for it, the figure the evaluation's frame log records for every frame.
/// </summary>
public sealed class DoubleTalkExcessTests
{
    private const double Noise = 1;
    private const double Estimate = 10_000; // 40 dB over the noise
    private const double EchoOnlyResidual = Estimate / 100; // a canceller removing 20 dB

    [Fact]
    public void Excess_is_unknown_until_the_residual_ratio_is_learned()
    {
        var dtd = new DoubleTalkDetector();
        dtd.Observe(Estimate + EchoOnlyResidual, EchoOnlyResidual, Estimate, 1, Noise, diverged: false);
        Assert.True(double.IsNaN(dtd.LastExcessDb));
        Assert.False(dtd.NearEnd);
    }

    [Fact]
    public void Excess_is_the_residual_over_the_learned_residual_echo_plus_noise()
    {
        var dtd = Learned();
        var predicted = (EchoOnlyResidual - Noise) / Estimate * Estimate + Noise; // ratio learned with the noise taken out
        dtd.Observe(Estimate, 8 * predicted, Estimate, 1, Noise, diverged: false);
        Assert.Equal(10 * Math.Log10(8), dtd.LastExcessDb, 3);
        Assert.True(dtd.NearEnd); // 9 dB over the prediction, the margin is 6

        dtd.Observe(Estimate, 2 * predicted, Estimate, 1, Noise, diverged: false);
        Assert.Equal(10 * Math.Log10(2), dtd.LastExcessDb, 3);
        Assert.False(dtd.NearEnd);
    }

    private static DoubleTalkDetector Learned()
    {
        var dtd = new DoubleTalkDetector();
        for (var i = 0; i < 30; i++)
        {
            dtd.Observe(Estimate + EchoOnlyResidual, EchoOnlyResidual, Estimate, 1, Noise, diverged: false);
            dtd.Learn();
        }

        Assert.True(dtd.Trusted);
        return dtd;
    }
}
