using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// The shipped canceller at 0 ms of bulk delay, where the prompt's word onsets reach the echo's taps within the same
/// few milliseconds they enter the filter: session 5's ERLE outlier (tune prompt, ERL 6 dB, 0 ms; one prompt of three
/// had the filter in use adding 5–20 dB of echo for a second at a time). Two causes, both traced: with Benesty &amp;
/// Gay's ‖x‖²/L normaliser the IPNLMS step went far past its stability bound at such onsets, and the least-squares
/// filter, fitted on pre-emphasised signals, left a low-frequency misfit that the de-emphasis raised over the echo.
/// </summary>
public sealed class EchoCancellerOnsetTests
{
    [Fact]
    public void Shipped_canceller_keeps_its_worst_frames_above_10_dB_at_0_ms_delay_where_the_session_5_settings_added_echo()
    {
        // The ERLE evaluation's own cell (same seeds): per-frame ERLE over the frames where the echo is ≥ 10 dB over the
        // line noise, from the prompt's second second on.
        var cell = new[] { (6, 0) };
        var shipped = EchoCancellerEvaluation.Run(Corpus.Instance, "shipped", () => EchoCanceller.Create(EchoCancellerKind.LeastSquares, 80), 3, cell, pathChange: false)
            .Single(r => r.Set == "tune");
        var session5 = EchoCancellerEvaluation.Run(Corpus.Instance, "session 5", () => new IpnlmsEchoCanceller(80) { LeastSquaresTaps = 96 }, 3, cell, pathChange: false)
            .Single(r => r.Set == "tune");
        Assert.True(shipped.P10Db >= 10 && shipped.OverallDb >= 20, $"shipped: p10 {shipped.P10Db:F1} dB, overall {shipped.OverallDb:F1} dB");
        Assert.True(session5.P10Db < 0, $"session-5 settings: p10 {session5.P10Db:F1} dB (the outlier this test guards against)");
    }
}
