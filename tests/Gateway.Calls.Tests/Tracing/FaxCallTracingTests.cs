using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Calls.Tests.Interop;
using Gateway.Calls.Tracing;
using Xunit;

namespace Gateway.Calls.Tests.Tracing;

/// <summary>
/// The span tree of real calls (sipp + libspandsp), collected by an in-memory <see cref="ActivityListener"/>
/// on the <c>Gateway.Calls</c> source; the test's own parent activity separates its trace from other tests'.
/// </summary>
[Collection(SerialInterop.Name)] // one after the other: fewer real-time calls at once keeps the timing-driven cases in time
public sealed class FaxCallTracingTests : SippCallHarness
{
    [Fact]
    public async Task A_person_then_fax_over_g711_gives_dial_classify_prompt_reply_and_t30_phases_per_page()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FaxCallTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("Gateway.Calls.Tests");
        using var testListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == testSource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(testListener);

        var pages = Pages(2);
        CallRun run;
        ActivityTraceId trace;
        using (Activity parent = testSource.StartActivity("attempt")!)
        {
            trace = parent.TraceId;
            run = await RunAsync("answer_g711.xml", new FarEndScript { Greeting = Allo, Reply = Da, FaxOverAudio = true }, s => Request(s, pages));
        }

        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Activity[] mine = [.. spans.Where(a => a.TraceId == trace)];
        Activity root = Assert.Single(mine, a => a.OperationName == FaxCallTelemetry.CallSpan);
        Assert.Equal("sipp", root.GetTagItem("gateway.trunk"));
        Assert.Equal("Succeeded", root.GetTagItem("fax.outcome"));
        Assert.Equal("Person", root.GetTagItem("fax.answered_by"));
        Assert.Equal("g711", root.GetTagItem("fax.transport"));
        Assert.Equal(2, root.GetTagItem("fax.pages.confirmed"));
        Assert.Equal(run.Outcome.BitRate, root.GetTagItem("fax.bit_rate"));
        Assert.True((int)root.GetTagItem("fax.bit_rate")! >= 2400);
        Assert.Equal(200, root.GetTagItem("sip.status"));
        Assert.Equal(ActivityStatusCode.Unset, root.Status);

        // The call's states, in order, directly under the root.
        string[] states = [.. mine.Where(a => a.ParentSpanId == root.SpanId).OrderBy(a => a.StartTimeUtc).Select(a => a.OperationName)];
        Assert.Equal(["dial", "classify", "prompt", "reply", "switch_delay", "fax", "hang_up"], states);
        Activity dial = mine.Single(a => a.OperationName == "dial");
        Assert.Contains(dial.Events, e => e.Name == "answer");

        // T.30 phases under "fax": B, then C and D per page, then E.
        Activity fax = mine.Single(a => a.OperationName == "fax");
        Assert.Equal("g711", fax.GetTagItem("fax.transport"));
        Activity[] phases = [.. mine.Where(a => a.ParentSpanId == fax.SpanId).OrderBy(a => a.StartTimeUtc)];
        Assert.Equal(["t30.phase_b", "t30.phase_c", "t30.phase_d", "t30.phase_c", "t30.phase_d", "t30.phase_e"], phases.Select(a => a.OperationName));
        Assert.Equal([1, 1, 2, 2], phases.Where(a => a.OperationName is "t30.phase_c" or "t30.phase_d").Select(a => (int)a.GetTagItem("fax.page")!));
        Assert.Equal(2, fax.Events.Count(e => e.Name == "page.confirmed"));

        // Every span lies within its parent.
        foreach (Activity span in mine.Where(a => a != root))
        {
            Activity up = mine.Single(a => a.SpanId == span.ParentSpanId);
            Assert.True(span.StartTimeUtc >= up.StartTimeUtc && span.StartTimeUtc + span.Duration <= up.StartTimeUtc + up.Duration + TimeSpan.FromMilliseconds(1), $"{span.OperationName} outside {up.OperationName}");
        }

        run.Far.DeleteFiles();
    }
}
