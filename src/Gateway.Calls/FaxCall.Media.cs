using System.Globalization;
using System.Net;
using System.Net.Sockets;
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

public sealed partial class FaxCall
{
    /// <summary>Starts (or re-points) the RTP stream at the audio the far end's SDP names.</summary>
    private void StartRtp(SdpSession remote)
    {
        if (remote.AudioMedia is not { } audio || remote.ConnectionFor(audio) is not { } connection
            || !IPAddress.TryParse(connection.Address, out IPAddress? address))
        {
            return; // no usable audio (a T.38-only answer): the re-INVITE path handles it
        }

        var endpoint = new IPEndPoint(address, audio.Port);
        lock (_gate)
        {
            if (_rtp is { } running)
            {
                running.Retarget(endpoint); // 200 after 183: the answer's address wins
                return;
            }

            // RFC 3264 §6.1: send with a format the answer lists; PCMA where offered, as most trunks prefer.
            byte payloadType = audio.Formats.Contains("8") ? (byte)8 : (byte)0;
            byte? telephoneEvent = null;
            foreach (string format in audio.Formats)
            {
                if (audio.RtpMap(format) is { } map && map.StartsWith("telephone-event", StringComparison.OrdinalIgnoreCase))
                {
                    telephoneEvent = byte.Parse(format, CultureInfo.InvariantCulture);
                }
            }

            var session = new RtpSession(new RtpSessionOptions
            {
                AudioPayloadType = payloadType,
                TelephoneEventPayloadType = telephoneEvent,
                JitterMode = JitterBufferMode.Fixed, // fax audio may follow: never slip the playout clock
                JitterDelayMs = 60,
            });
            _audio = new CallAudioPath(payloadType == 8 ? G711Law.ALaw : G711Law.MuLaw, Post) { Capture = _capture, NewSpeechDetector = NewSpeechDetector };
            session.OtherPayloadReceived = _audio.OnTelephoneEvent;
            _rtp = new RtpMediaStream(_rtpSocket!, session, endpoint, _audio, _env.Time)
            {
                Tap = _capture,
                Removed = () =>
                {
                    ReturnSpeechDetectors();
                    _rtpRemoved.TrySetResult();
                },
            };
            _env.Media.Add(_rtp);
        }
    }

    /// <summary>
    /// The far end's re-INVITE (RFC 3261 §14.2), on the SIP thread: a T.38 offer is answered at once
    /// (unless the policy is off) with a UDPTL port made ready for it; anything else keeps our session.
    /// </summary>
    private SdpSession? OnReInvite(SdpSession offer)
    {
        SipCallStateGuard();
        if (offer.T38Media is not { } image)
        {
            return _call!.LocalSdp; // a session refresh or hold without change: our session as it is
        }

        if (_request.Settings.T38 == T38Policy.Off)
        {
            Post(new FaxCallEvent.T38Offered());
            return null; // 488 Not Acceptable Here
        }

        SdpSession answer = PrepareT38(offer, image);
        Post(new FaxCallEvent.T38Offered());
        return answer;
    }

    private void SipCallStateGuard()
    {
        if (_call is null)
        {
            throw new InvalidOperationException("A re-INVITE arrived before the INVITE was sent.");
        }
    }

    private SdpSession PrepareT38(SdpSession offer, SdpMedia image)
    {
        lock (_gate)
        {
            _udptlSocket ??= _env.Ports.Bind();
            int port = ((IPEndPoint)_udptlSocket.LocalEndPoint!).Port;
            T38Parameters far = T38Parameters.FromMedia(image);
            T38Parameters ours = T38Parameters.Default.AnswerTo(far);
            _t38Far = ours;
            string address = offer.ConnectionFor(image)?.Address ?? "0.0.0.0";
            _t38Remote = new IPEndPoint(IPAddress.Parse(address), image.Port);
            SdpSession local = _call!.LocalSdp;
            var answer = SdpOfferAnswer.CreateAnswer(offer, local.Origin, SdpConnection.For(_env.AdvertisedAddress),
                m => m.IsT38 ? SdpOfferAnswer.CreateT38Media(port, ours) : null);
            return SdpOfferAnswer.WithVersion(local, answer);
        }
    }

    /// <summary>Our own re-INVITE to T.38 (RFC 3264 §8.3.3), by the <c>request</c> policy.</summary>
    private async Task RequestT38Async(CancellationToken ct)
    {
        if (_call is not { } call)
        {
            return;
        }

        lock (_gate)
        {
            _udptlSocket ??= _env.Ports.Bind();
        }

        int port = ((IPEndPoint)_udptlSocket.LocalEndPoint!).Port;
        SdpSession offer = SdpOfferAnswer.ReplaceAudioWithT38(call.LocalSdp, port, T38Parameters.Default);
        try
        {
            SipReInviteResult result = await call.SendReInviteAsync(offer, ct).ConfigureAwait(false);
            if (result.IsSuccess && result.Answer?.T38Media is { } image && result.Answer.ConnectionFor(image) is { } c
                && IPAddress.TryParse(c.Address, out IPAddress? address))
            {
                lock (_gate)
                {
                    _t38Far = T38Parameters.FromMedia(image);
                    _t38Remote = new IPEndPoint(address, image.Port);
                }

                Post(new FaxCallEvent.T38RequestAnswered(true, result.StatusCode));
            }
            else
            {
                Post(new FaxCallEvent.T38RequestAnswered(false, result.StatusCode));
            }
        }
        catch (OperationCanceledException)
        {
            Post(new FaxCallEvent.T38RequestAnswered(false, 408));
        }
    }

    /// <summary>
    /// T.30 over T.38. A session already running over G.711 is stopped and T.30 starts again at phase B
    /// over T.38: a far-end gateway that switched to T.38 restarts with DIS, so nothing confirmed is lost.
    /// </summary>
    private void StartT38Fax()
    {
        lock (_gate)
        {
            if (_t38 is not null || _t38Remote is null || _udptlSocket is null)
            {
                return;
            }

            _audio?.Mute();

            // The T.38 answer or offer rejected the audio stream (port 0), so no RTP may be sent for it any more
            // (RFC 3264 §8.2); a muted stream kept sending silence to a port the far end had closed, half of the
            // media thread's sends in a T.38 call.
            _rtp?.Close();
            _trace?.FaxStarted(FaxTransport.T38, switched: _t30 is not null);
            _transport = FaxTransport.T38;
            T38Parameters negotiated = _t38Far ?? T38Parameters.Default;

            // T.30 was already running over G.711: the far-end gateway starts again with DIS, so phase B
            // restarts here, at the first page not yet confirmed by MCF (T.30 §5.3.6.1.5: a page without
            // MCF is not received). Pages confirmed so far stay counted.
            _pagesBefore = _t30 is null ? 0 : Volatile.Read(ref _pagesReported);
            T30Session session = NewT30Session(_pagesBefore);
            var terminal = new T38Terminal(session, new T38TerminalOptions { Version = negotiated.Version }, _env.Time);
            var udptl = new UdptlOptions
            {
                ErrorCorrection = negotiated.ErrorCorrection == Gateway.Sip.Sdp.T38ErrorCorrection.Fec ? UdptlErrorCorrection.Fec : UdptlErrorCorrection.Redundancy,
                MaxDatagram = negotiated.MaxDatagram ?? 400,
            };
            _t38 = new T38MediaStream(_udptlSocket, _t38Remote, terminal, udptl, _env.Time, negotiated.Version)
            {
                Tap = _capture,
                Removed = () => _t38Removed.TrySetResult(),
            };
            _t38.Stepped += ReportPages;
            _t38.Completed += result => Post(new FaxCallEvent.FaxFinished(ToFaxResult(result)));
            terminal.Start();
            _env.Media.Add(_t38);
        }
    }

    /// <summary>T.30 over G.711 through the fax modem pump (V.21, V.27ter, V.29, V.17), on the RTP stream.</summary>
    private void StartG711Fax()
    {
        _trace?.FaxStarted(FaxTransport.G711, switched: false);
        _transport = FaxTransport.G711;
        T30Session session = NewT30Session();
        IFaxAudioPort port = _g711Modem?.Invoke(session)
            ?? new ModemPumpPort(session, _env.Time, ReportPages, result => Post(new FaxCallEvent.FaxFinished(ToFaxResult(result))));
        _audio?.StartFax(port);
    }

    private T30Session NewT30Session(int alreadyConfirmed = 0)
    {
        T30Settings settings = _request.T30 with { IsCaller = true, StartPage = _request.T30.StartPage + alreadyConfirmed };
        var session = new T30Session(settings, _env.Time, _pages);
        _tracedPhase = T30Phase.A;
        session.FrameTraced += (frame, received) =>
        {
            byte fcf = (byte)(frame.Fcf & ~T30Fcf.XBit);
            if (!received)
            {
                if (fcf == T30Fcf.Dcs && DcsFrame.TryDecode(frame, out DcsFrame? dcs, out _))
                {
                    // The DCS fixes the page coding; phase C follows after TCF and CFR: code the rest now, off this thread.
                    _pages.Prepare(settings.StartPage + Volatile.Read(ref _pagesReported) - _pagesBefore, PrecodedPageSource.EncodingOf(dcs));
                    _bitRate = dcs.Modem.BitRate();
                    Post(new FaxCallEvent.Tick()); // wakes the call's task, which reports the rate (a Tick only checks deadlines)
                }

                return;
            }

            if (fcf == T30Fcf.Dis)
            {
                Post(new FaxCallEvent.DisReceived());
            }
            else if (fcf == T30Fcf.Mcf)
            {
                _mcfSeen = true; // counted once the session has handled it (ReportPages)
            }
        };
        _t30 = session;
        return session;
    }

    /// <summary>On the media thread after each step of the session: confirmed pages, and T.30 phases for the trace.</summary>
    private void ReportPages()
    {
        if (_t30 is not { } session)
        {
            return;
        }

        if (_mcfSeen)
        {
            _mcfSeen = false;
            int confirmed = _pagesBefore + session.Result.PagesConfirmed;
            if (confirmed != Volatile.Read(ref _pagesReported))
            {
                Volatile.Write(ref _pagesReported, confirmed);
                Post(new FaxCallEvent.PageConfirmed(confirmed));
            }
        }

        if (_trace is { } trace && session.Phase != _tracedPhase)
        {
            _tracedPhase = session.Phase;
            trace.T30Phase(_tracedPhase, Volatile.Read(ref _pagesReported) + 1, _tracedPhase == T30Phase.C ? session.Result.BitRate : 0);
        }
    }

    private FaxResult ToFaxResult(T30Result r) => new(
        r.Succeeded,
        r.RemoteIdent is not null || r.Modem is not null,
        _pagesBefore + r.PagesConfirmed,
        "T30_ERR_" + r.Code.ToString().ToUpperInvariant(),
        r.Text,
        r.BitRate,
        r.Ecm,
        r.RemoteIdent?.Trim());

    // Two media ticks are 40 ms; a loaded host gets far more before the capture gives up on the last packets.
    private static readonly TimeSpan MediaRemovalTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Closes the media streams and waits, bounded, until the media loop has dropped them: a tick already running
    /// when they close still sends its packet, and a capture closed before it would miss what the far end received.
    /// </summary>
    private async Task StopMediaAsync()
    {
        var removals = new List<Task>(2);
        lock (_gate)
        {
            if (_rtp is { } rtp)
            {
                rtp.Close();
                removals.Add(_rtpRemoved.Task);
            }

            if (_t38 is { } t38)
            {
                t38.Close();
                removals.Add(_t38Removed.Task);
            }
        }

        try
        {
            await Task.WhenAll(removals).WaitAsync(MediaRemovalTimeout, _env.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A loop that is stopping or stalled: the capture closes without the last tick's packets.
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _rtp?.Close();
            _t38?.Close();
        }

        FaxCallMetrics.RtpEnded(_request.Trunk.Name, _rtp?.Session);
        ReleaseDetectors();

        // The media loop stops serving closed streams on its next tick; give the sockets back after it.
        Socket? rtp = _rtpSocket;
        Socket? udptl = _udptlSocket;
        _ = Task.Delay(TimeSpan.FromMilliseconds(100), _env.Time).ContinueWith(_ =>
        {
            if (rtp is not null)
            {
                _env.Ports.Release(rtp);
            }

            if (udptl is not null)
            {
                _env.Ports.Release(udptl);
            }
        }, TaskScheduler.Default);
    }
}
