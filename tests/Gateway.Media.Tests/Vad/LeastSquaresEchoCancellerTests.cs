using Gateway.Media.Dsp;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// The shipped canceller (<see cref="EchoCancellerKind.LeastSquares"/>: IPNLMS finds the delay, a least-squares filter
/// cancels there) on the default prompt through dispersive echo paths (bulk delay, 8 ms hybrid response, G.711 both
/// ways), against the session-4 IPNLMS canceller on the same signals.
/// </summary>
public sealed class LeastSquaresEchoCancellerTests
{
    [Theory]
    [InlineData(0, 6)]
    [InlineData(32, 10)]
    [InlineData(64, 6)]
    public void Removes_at_least_25_dB_of_prompt_echo_after_the_first_second_and_6_dB_more_than_IPNLMS(int delayMs, int erlDb)
    {
        var (near, far) = EchoCancellerTests.EchoOf(delayMs, erlDb, seed: delayMs + erlDb);
        var shipped = MdfEchoCancellerTests.Erle(EchoCanceller.Create(EchoCancellerKind.LeastSquares, 80), near, far, fromSample: 8000);
        var old = MdfEchoCancellerTests.Erle(EchoCanceller.Create(EchoCancellerKind.Ipnlms, 80), near, far, fromSample: 8000);
        Assert.True(shipped >= 25 && shipped >= old + 6, $"least squares {shipped:F1} dB, IPNLMS {old:F1} dB");
    }

    [Fact]
    public void The_least_squares_matrices_are_allocated_only_when_echo_is_first_learned()
    {
        // Session 9: a speech detector built for a call that never plays a prompt (a fax, a busy line) does not hold the two
        // 96 × 96 matrices (147 KB); they come with the first echo, and stay through a reset (a pooled detector's next call).
        var aec = (IpnlmsEchoCanceller)EchoCanceller.Create(EchoCancellerKind.LeastSquares, 80);
        var built = Allocations.Fewest(() => EchoCanceller.Create(EchoCancellerKind.LeastSquares, 80));
        Assert.True(built < 96 * 96 * 8, $"a new canceller allocates {built} bytes");
        Assert.False(aec.LeastSquaresMatricesAllocated);
        var (near, far) = EchoCancellerTests.EchoOf(16, 6, seed: 5);
        var residual = new short[160];
        for (var f = 0; f + 160 <= 8000; f += 160)
        {
            aec.Process(near.AsSpan(f, 160), ReadOnlySpan<short>.Empty, residual); // nothing played: nothing to learn
        }

        Assert.False(aec.LeastSquaresMatricesAllocated);
        for (var f = 0; f + 160 <= near.Length; f += 160)
        {
            aec.Process(near.AsSpan(f, 160), far.AsSpan(f, 160), residual);
        }

        Assert.True(aec.LeastSquaresMatricesAllocated);
        aec.Reset();
        Assert.True(aec.LeastSquaresMatricesAllocated);
    }

    [Fact]
    public void Finds_the_delay_and_takes_over_the_foreground_within_a_second()
    {
        var (near, far) = EchoCancellerTests.EchoOf(32, 6, seed: 11);
        var aec = new IpnlmsEchoCanceller(80) { LeastSquaresTaps = 96 };
        var residual = new short[160];
        var firstGood = -1;
        for (var f = 0; f + 160 <= near.Length && firstGood < 0; f += 160)
        {
            aec.Process(near.AsSpan(f, 160), far.AsSpan(f, 160), residual);
            if (Level.MeanSquare(near.AsSpan(f, 160)) > Level.Dbm0ToMeanSquare(-35) && aec.LastErleDb >= 25)
            {
                firstGood = f / 8;
            }
        }

        Assert.InRange(firstGood, 0, 1000);
        // The echo starts at lag 256 (32 ms) and decays over the 8 ms response: the 96-tap window covers its start and
        // its first 6 ms.
        Assert.InRange(aec.LeastSquaresOffset, 256 + 48 - 96, 256);
    }

    [Fact]
    public void Near_end_speech_over_the_echo_does_not_spoil_the_filter_in_use()
    {
        var (near, far) = EchoCancellerTests.EchoOf(16, 6, seed: 5);
        var talk = new float[near.Length];
        Signals.AddWhiteNoise(talk, -15, new Random(9)); // loud double talk from 1.5 s to 2.5 s, never announced
        var aec = EchoCanceller.Create(EchoCancellerKind.LeastSquares, 80);
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
        Assert.True(erle >= 20, $"ERLE after double talk {erle:F1} dB");
    }

    [Fact]
    public void Filtering_and_training_allocate_nothing_per_frame()
    {
        var (near, far) = EchoCancellerTests.EchoOf(16, 6, seed: 4);
        var aec = EchoCanceller.Create(EchoCancellerKind.LeastSquares, 80);
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
}
