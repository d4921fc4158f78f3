namespace Gateway.Sip.Tests.Support;

/// <summary>
/// How many bytes a piece of code allocates on this thread: the fewest bytes of a few passes, since the runtime may put
/// a one-off object on the thread in one pass on a loaded host (code that allocates does so on every pass).
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
