namespace Gateway.Media.Transport;

/// <summary>
/// A media thread's receive work for one tick, bounded by a time budget: it drains the sockets that have datagrams in
/// a rotating order that starts where the previous tick's budget ran out, so a burst of arrivals (a far end catching
/// up after a stall, the datagrams queued during our own GC pause) is spread over several ticks instead of making one
/// tick overrun the next one's deadline. Round robin: the sockets the budget did not reach are served first next time,
/// and a socket whose own backlog used up the budget goes to the back of the line, so one flooded socket cannot starve
/// the others. Nothing is dropped or reordered: what a tick leaves stays queued in the kernel's socket buffer, in
/// arrival order, until a later pass takes it. One instance per media thread.
/// </summary>
internal sealed class ReceivePass
{
    private int _cursor;

    /// <summary>Where the next pass starts: the first participant the last exhausted budget did not reach.</summary>
    public int Cursor => _cursor;

    /// <summary>True when the last pass stopped for its budget (datagrams may be waiting).</summary>
    public bool Deferred { get; private set; }

    /// <summary>
    /// Drains the readable sockets of <paramref name="participants"/> (all of them when <paramref name="readiness"/> is
    /// null: nothing polled) from <see cref="Cursor"/> on, wrapping around, until each is empty or
    /// <paramref name="clock"/> reaches <paramref name="deadline"/>. At least one batch is taken per pass, so a budget
    /// smaller than one datagram's work still makes progress. <paramref name="onStep"/> gets each drained participant
    /// with the clock before and after it.
    /// </summary>
    public void Run(ReadOnlySpan<IMediaParticipant> participants, ReadinessPoll? readiness, DatagramBatchReceiver receiver, TimeProvider clock, long now, long deadline, IReceiveObserver? onStep = null)
    {
        int count = participants.Length;
        Deferred = false;
        if (count == 0)
        {
            _cursor = 0;
            return;
        }

        int start = _cursor < count ? _cursor : 0;
        long stepStart = clock.GetTimestamp();
        bool first = true;
        for (int k = 0; k < count; k++)
        {
            int index = start + k;
            if (index >= count)
            {
                index -= count;
            }

            IMediaParticipant participant = participants[index];
            if (participant.IsClosed || (readiness is not null && !readiness.MayRead(index)))
            {
                continue;
            }

            if (!first && stepStart >= deadline)
            {
                Stop(index); // not reached: first in line next time
                return;
            }

            first = false;
            bool stopped;
            try
            {
                stopped = receiver.DrainInto(participant, now, clock, deadline);
            }
            catch (ObjectDisposedException)
            {
                // Its owner released the socket before this thread saw the stream closed: nothing to read.
                stopped = false;
            }

            long stepEnd = clock.GetTimestamp();
            onStep?.OnReceived(participant, stepStart, stepEnd);
            stepStart = stepEnd;
            if (stopped)
            {
                Stop(index + 1 < count ? index + 1 : 0); // its own backlog used the budget: to the back of the line
                return;
            }
        }
    }

    private void Stop(int index)
    {
        _cursor = index;
        Deferred = true;
    }
}
