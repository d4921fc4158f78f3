namespace Gateway.Testing;

/// <summary>
/// How many bytes a piece of per-frame or per-packet code allocates on this thread. Code that allocates per frame does so
/// on every pass; the runtime itself may put a one-off object on the thread in one pass on a loaded host (a CI run saw
/// 3,920 bytes once in a test that had passed 1,197 times), so the figure is the fewest bytes of a few measured passes,
/// never a looser bound.
/// </summary>
public static class Allocations
{
    /// <summary>The fewest bytes <paramref name="pass"/> allocated on this thread in up to <paramref name="passes"/> runs (stops at 0).</summary>
    public static long Fewest(Action pass, int passes = 3)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return FewestMeasured(
            () =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                pass();
                return GC.GetAllocatedBytesForCurrentThread() - before;
            },
            passes);
    }

    /// <summary>
    /// The fewest of the byte counts that <paramref name="measuredPass"/> returns in up to <paramref name="passes"/> runs
    /// (stops at 0): for a pass that measures only part of its own work (the sending side of a call, the frames after an
    /// onset) with <see cref="GC.GetAllocatedBytesForCurrentThread"/> and returns the sum.
    /// </summary>
    public static long FewestMeasured(Func<long> measuredPass, int passes = 3)
    {
        ArgumentNullException.ThrowIfNull(measuredPass);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        var fewest = long.MaxValue;
        for (var i = 0; i < passes && fewest != 0; i++)
        {
            fewest = Math.Min(fewest, measuredPass());
        }

        return fewest;
    }
}
