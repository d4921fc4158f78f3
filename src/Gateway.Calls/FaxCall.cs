using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gateway.Calls.Capture;
using Gateway.Calls.Media;
using Gateway.Calls.Pages;
using Gateway.Calls.Tracing;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Gateway.Fax.T38;
using Gateway.Media.Codecs;
using Gateway.Media.Rtp;
using Gateway.Media.Transport;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.Calls;

/// <summary>
/// The edge of one outbound fax call: it runs a <see cref="FaxCallMachine"/> and carries out its
/// commands with the SIP user agent, an RTP stream (<see cref="CallAudioPath"/>) and, for T.38, a
/// <see cref="T38MediaStream"/>. Every event (SIP thread, media thread, timers) goes through one channel
/// and is handled on one task, so the machine never sees two events at once.
/// </summary>
public sealed partial class FaxCall
{
    private readonly FaxCallEnvironment _env;
    private readonly FaxCallRequest _request;
    private readonly Func<T30Session, IFaxAudioPort>? _g711Modem;
    private readonly Channel<FaxCallEvent> _events = Channel.CreateUnbounded<FaxCallEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FaxCallMachine _machine;
    private readonly Lock _gate = new();
    private readonly CallCapture? _capture;
    private readonly PrecodedPageSource _pages;
    private FaxCallTrace? _trace;
    private volatile int _bitRate;
    private volatile FaxTransport _transport;
    private T30Phase _tracedPhase;

    private SipCall? _call;
    private Socket? _rtpSocket;
    private RtpMediaStream? _rtp;
    private CallAudioPath? _audio;
    private Socket? _udptlSocket;
    private IPEndPoint? _t38Remote;
    private T38Parameters? _t38Far;
    private T38MediaStream? _t38;
    private readonly TaskCompletionSource _rtpRemoved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _t38Removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T30Session? _t30;
    private volatile bool _mcfSeen;
    private int _pagesReported;
    private int _pagesBefore; // confirmed over G.711 before a switch to T.38 restarted T.30

    /// <param name="g711Modem">Makes the fax port that runs T.30 over G.711 audio; null for our own
    /// software modems (<see cref="Gateway.Fax.Modems.Pump.FaxModemPump"/>).</param>
    public FaxCall(FaxCallEnvironment env, FaxCallRequest request, Func<T30Session, IFaxAudioPort>? g711Modem = null)
    {
        _env = env;
        _request = request;
        _g711Modem = g711Modem;
        _machine = new FaxCallMachine(request.Settings, env.Time);
        _pages = new PrecodedPageSource(request.Document);
        if (env.Capture is { } capture)
        {
            try
            {
                _capture = CallCapture.Open(capture, request.Target, env.AdvertisedAddress, env.Time);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A debugging aid must not cost the fax: the call goes ahead without a capture.
                CaptureError = e.Message;
            }
        }
    }

    /// <summary>Why the configured capture could not be opened for this call; null when it was (or none is configured).</summary>
    public string? CaptureError { get; }

    /// <summary>The machine's state, for progress displays.</summary>
    public FaxCallState State => _machine.State;

    /// <summary>The SIP Call-ID once the INVITE has been sent (null before), to find this call in SIP traces.</summary>
    public string? CallId => _call?.CallId;

    /// <summary>Pages confirmed so far in this call.</summary>
    public int PagesConfirmed => Volatile.Read(ref _pagesReported);

    /// <summary>The transport T.30 runs over now (None until faxing starts), for progress displays.</summary>
    public FaxTransport Transport => _transport;

    /// <summary>The image data rate of the last DCS we sent (0 until known; a fallback lowers it), for progress displays.</summary>
    public int BitRate => _bitRate;

    /// <summary>Pages the T.30 session found coded ahead of phase C (off the media thread), and pages it had to code itself.</summary>
    public (int Precoded, int CodedOnDemand) PageCoding => (_pages.Hits, _pages.Misses);

    /// <summary>Raised (on the call's task) whenever the state or the confirmed page count changes.</summary>
    public event Action<FaxCall>? Progress;

    /// <summary>Places the call and returns its one outcome. Cancellation hangs up and ends the call.</summary>
    public async Task<FaxCallOutcome> RunAsync(CancellationToken ct = default)
    {
        _trace = FaxCallTrace.Start(_request, _env.Time);
        try
        {
            IReadOnlyList<FaxCallCommand> first = _machine.Start();
            _trace?.EnterState(_machine.State);
            Progress?.Invoke(this); // Dialing: the first state a progress display shows
            await ExecuteAsync(first, ct).ConfigureAwait(false);
            (FaxTransport, int) reported = (FaxTransport.None, 0);
            while (_machine.Outcome is null)
            {
                FaxCallEvent e = await NextEventAsync(ct).ConfigureAwait(false);
                FaxCallMetrics.Observe(_request.Trunk.Name, e);
                FaxCallState before = _machine.State;
                IReadOnlyList<FaxCallCommand> commands = _machine.Handle(e);
                if (before != _machine.State)
                {
                    _trace?.EnterState(_machine.State); // before the commands: StartFax opens its phases under "fax"
                }

                await ExecuteAsync(commands, ct).ConfigureAwait(false);
                if (e is FaxCallEvent.PageConfirmed confirmed)
                {
                    _trace?.PageConfirmed(confirmed.PagesConfirmed);
                }

                (FaxTransport, int) line = (_transport, _bitRate);
                if (before != _machine.State || e is FaxCallEvent.PageConfirmed || line != reported)
                {
                    reported = line;
                    Progress?.Invoke(this);
                }
            }

            _trace?.Finish(_machine.Outcome);
            if (_capture is not null)
            {
                await StopMediaAsync().ConfigureAwait(false); // every packet sent is in the pcap
            }

            return FinishCapture(_machine.Outcome);
        }
        finally
        {
            _trace?.Abandon();
            Release();
            if (_capture is not null)
            {
                // Ended by an exception or cancellation: keep what was captured (a no-op after FinishCapture).
                UnregisterCapture();
                _capture.Finish(keep: true);
            }
        }
    }

    /// <summary>Closes the capture, keeping it unless the call succeeded and only failed calls are kept.</summary>
    private FaxCallOutcome FinishCapture(FaxCallOutcome outcome)
    {
        if (_capture is null)
        {
            return outcome;
        }

        UnregisterCapture();
        bool keep = outcome.Failure != FailureClass.Succeeded || _env.Capture?.Keep != CaptureKeep.FailedOnly;
        return outcome with { CaptureFiles = _capture.Finish(keep) };
    }

    private void UnregisterCapture()
    {
        if (_call is { } call)
        {
            _env.SipCapture?.Unregister(call.CallId);
        }
    }

    private void Post(FaxCallEvent e) => _events.Writer.TryWrite(e);

    private async Task<FaxCallEvent> NextEventAsync(CancellationToken ct)
    {
        if (ct.IsCancellationRequested && _machine.State is not (FaxCallState.HangingUp or FaxCallState.Ended))
        {
            // The service is stopping hard: end the call as if the far end had gone.
            return new FaxCallEvent.ByeReceived();
        }

        TimeSpan wait = _machine.Deadline - _env.Time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return _events.Reader.TryRead(out FaxCallEvent? ready) ? ready : new FaxCallEvent.Tick();
        }

        // An event already waiting is what ReadAsync would return at once: take it without arming a timeout (a timer,
        // two token sources and their registrations per event otherwise).
        if (_events.Reader.TryRead(out FaxCallEvent? queued))
        {
            return queued;
        }

        using var timeout = new CancellationTokenSource(wait, _env.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
        try
        {
            return await _events.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new FaxCallEvent.Tick();
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<FaxCallCommand> commands, CancellationToken ct)
    {
        foreach (FaxCallCommand command in commands)
        {
            switch (command)
            {
                case FaxCallCommand.SendInvite:
                    await InviteAsync(ct).ConfigureAwait(false);
                    break;
                case FaxCallCommand.Cancel when _call is { } call:
                    _ = ClearAfter(call.CancelAsync());
                    break;
                case FaxCallCommand.SendBye when _call is { } call:
                    _audio?.Mute();
                    _ = ClearAfter(call.HangUpAsync());
                    break;
                case FaxCallCommand.StartClassifier:
                    _audio?.StartClassifier(_request.Classifier, answered: _machine.State == FaxCallState.Classifying);
                    break;
                case FaxCallCommand.PlayPrompt:
                    _audio?.PlayPrompt(_request.Prompt, _request.Reply);
                    break;
                case FaxCallCommand.StopPrompt:
                    _audio?.StopPrompt();
                    break;
                case FaxCallCommand.AwaitQuiet quiet:
                    _audio?.AwaitQuiet(quiet.Quiet);
                    break;
                case FaxCallCommand.StartCng:
                    _audio?.StartCng();
                    break;
                case FaxCallCommand.StartFax { Transport: FaxTransport.T38 }:
                case FaxCallCommand.SwitchFaxToT38:
                    StartT38Fax();
                    break;
                case FaxCallCommand.StartFax:
                    StartG711Fax();
                    break;
                case FaxCallCommand.RequestT38:
                    _ = RequestT38Async(ct);
                    break;
                default:
                    break; // AcceptT38/RejectT38 were answered by the re-INVITE handler; Finish ends the loop
            }
        }
    }

    private async Task ClearAfter(Task<SipCallEndReason> ending)
    {
        try
        {
            await ending.ConfigureAwait(false);
        }
        finally
        {
            Post(new FaxCallEvent.CallCleared());
        }
    }

    private async Task InviteAsync(CancellationToken ct)
    {
        _rtpSocket = _env.Ports.Bind();
        int rtpPort = ((IPEndPoint)_rtpSocket.LocalEndPoint!).Port;
        SdpSession offer = SdpOfferAnswer.CreateAudioOffer(_env.AdvertisedAddress, rtpPort, (ulong)Random.Shared.NextInt64(1, long.MaxValue));
        try
        {
            _call = await _env.UserAgent.InviteAsync(_request.Trunk, _request.Target, offer, Attach, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or ArgumentException)
        {
            Post(new FaxCallEvent.Rejected(503)); // the trunk cannot be reached or resolved: a network error
            return;
        }

        _ = WatchAnswerAsync(_call);
    }

    private void Attach(SipCall call)
    {
        if (_capture is not null)
        {
            _env.SipCapture?.Register(call.CallId, _capture); // before the INVITE goes out
        }

        call.Provisional += r => Post(new FaxCallEvent.Provisional(r.StatusCode, false));
        call.EarlyMedia += sdp =>
        {
            StartRtp(sdp);
            Post(new FaxCallEvent.Provisional(183, true));
        };
        call.Answered += sdp =>
        {
            StartRtp(sdp);

            // Listen from the first answered frame: a person's "Allo?" starts at once, before the call's
            // task has handled the answer (the machine's StartClassifier then finds it running).
            _audio?.StartClassifier(_request.Classifier, answered: true);
            Post(new FaxCallEvent.Answered());
        };
        call.ByeReceived += () => Post(new FaxCallEvent.ByeReceived());
        call.ReInviteHandler = OnReInvite;
    }

    private async Task WatchAnswerAsync(SipCall call)
    {
        SipInviteResult result = await call.Answer.ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            Post(new FaxCallEvent.Rejected(result.StatusCode));
        }
    }
}
