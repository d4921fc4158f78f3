using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// After an echo path change the gate relearns its loss; until it has, the floor it is given (the line's own ERL less a
/// few dB, session 7) stands instead of the 6 dB minimum, and once relearned the learned loss rules again.
/// </summary>
public sealed class EchoGateRelearnTests
{
    [Fact]
    public void Relearning_uses_the_floor_until_the_loss_is_learned_again()
    {
        var gate = new EchoGate(learnFrames: 4);
        var far = new short[160];
        Array.Fill(far, (short)8000); // ≈ −6 dBm0
        gate.ObserveFarEnd(far);
        var farMeanSquare = 8000.0 * 8000.0;
        for (var i = 0; i < 4; i++)
        {
            gate.Learn(farMeanSquare / 1000); // 30 dB below
        }

        Assert.Equal(30, gate.LossDb, 1);
        gate.Relearn(14);
        Assert.Equal(14, gate.LossDb, 1);
        gate.Relearn();
        Assert.Equal(gate.MinLossDb, gate.LossDb, 1);
        gate.Relearn(14);
        for (var i = 0; i < 4; i++)
        {
            gate.Learn(farMeanSquare / 100); // 20 dB below: the new path
        }

        Assert.Equal(20, gate.LossDb, 1);
        Assert.False(gate.Passes(farMeanSquare / 100)); // the new path's echo does not pass
    }
}
