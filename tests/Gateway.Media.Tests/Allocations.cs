namespace Gateway.Media.Tests;

/// <summary>
/// How many bytes a piece of per-frame code allocates on this thread. Code that allocates per frame does so on every
/// pass; the runtime itself may put a one-off object on the thread in one pass on a loaded host (a CI run saw 3,920
/// bytes once in a test that had passed 1,197 times), so the figure is the fewest bytes of a few passes, not a looser bound.
/// </summary>
internal static class Allocations
{
    /// <summary>The fewest bytes <paramref name="pass"/> allocated on this thread in up to <paramref name="passes"/> runs (stops at 0).</summary>
    public static long Fewest(Action pass, int passes = 3)
    {
        var fewest = long.MaxValue;
        for (var i = 0; i < passes && fewest != 0; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            pass();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
