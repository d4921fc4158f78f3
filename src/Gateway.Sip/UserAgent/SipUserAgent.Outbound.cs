using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transactions;

namespace Gateway.Sip.UserAgent;

public sealed partial class SipUserAgent
{
    /// <summary>
    /// Sends an INVITE for <paramref name="target"/> (a user part such as "+4930123" or a full SIP URI)
    /// through <paramref name="trunk"/> with <paramref name="offer"/>. Returns as soon as the INVITE is
    /// on its way; progress is reported by the call's events and <see cref="SipCall.Answer"/>.
    /// <paramref name="attach"/> runs before the INVITE is sent, so event handlers miss nothing.
    /// </summary>
    public async Task<SipCall> InviteAsync(SipTrunk trunk, string target, SdpSession offer, Action<SipCall>? attach = null, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        SipUri requestUri = target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)
            ? SipUri.Parse(target)
            : new SipUri(trunk.Host, trunk.Port == 5060 ? null : trunk.Port, target);
        // RFC 3263 §4.1–4.2: without an explicit port the trunk name is looked up with NAPTR/SRV.
        var targets = await ResolveTrunkTargetsAsync(trunk, ct).ConfigureAwait(false);
        var destination = targets[0];
        ApplyTrunkPolicy(trunk, destination);
        var from = new NameAddress(new SipUri(trunk.FromHost ?? trunk.Host, null, trunk.FromUser), trunk.FromDisplayName) { Tag = NewTag() };
        var to = new NameAddress(requestUri.Clone());
        to.Uri.Parameters.Remove("transport");
        var callId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "@" + AdvertisedAddress;
        var call = new SipCall(this, trunk, targets, callId, from, to, requestUri, offer);
        Register(call);
        attach?.Invoke(call);
        call.StartInvite();
        return call;
    }

    /// <summary>Builds an out-of-dialog request with the mandatory headers of RFC 3261 §8.1.1.</summary>
    internal SipRequest NewRequest(string method, SipUri requestUri, NameAddress from, NameAddress to, string callId, uint cseq, SipUri? contact)
    {
        var req = new SipRequest(method, requestUri.Clone());
        AddVia(req);
        req.AddHeader(HeaderNames.MaxForwards, "70");
        req.AddHeader(HeaderNames.From, from.ToString());
        req.AddHeader(HeaderNames.To, to.ToString());
        req.AddHeader(HeaderNames.CallId, callId);
        req.AddHeader(HeaderNames.CSeq, $"{cseq} {method}");
        if (contact is not null) req.AddHeader(HeaderNames.Contact, new NameAddress(contact).ToString());
        req.AddHeader(HeaderNames.UserAgent, Options.UserAgent);
        return req;
    }

    /// <summary>
    /// Sends OPTIONS to a trunk (RFC 3261 §11) and returns the response status, or null on Timer F.
    /// Any response means the trunk is reachable. RFC 3263 §4.3: a target that does not answer (Timer F,
    /// transport error) or answers 503 is left for the next one, so the status is that of the first target
    /// that answered otherwise, or the last target's.
    /// </summary>
    public async Task<int?> PingAsync(SipTrunk trunk, CancellationToken ct = default)
    {
        var uri = new SipUri(trunk.Host, trunk.HasExplicitPort ? trunk.Port : null);
        var targets = await ResolveTrunkTargetsAsync(trunk, ct).ConfigureAwait(false);
        SipResponse? r = null;
        foreach (var dest in targets)
        {
            ApplyTrunkPolicy(trunk, dest);
            var from = new NameAddress(new SipUri(trunk.FromHost ?? trunk.Host, null, trunk.FromUser)) { Tag = NewTag() };
            var req = NewRequest(SipMethod.Options, uri, from, new NameAddress(uri), NewTag() + "@" + AdvertisedAddress, 1, null);
            req.AddHeader(HeaderNames.Accept, "application/sdp");
            r = await SendNonInviteAsync(req, dest, ct).ConfigureAwait(false);
            if (r is not null && r.StatusCode != 503) break;
        }
        return r?.StatusCode;
    }

    /// <summary>Runs one non-INVITE client transaction; null when it timed out (Timer F) or failed.</summary>
    internal Task<SipResponse?> SendNonInviteAsync(SipRequest req, Transport.SipEndPoint dest, CancellationToken ct = default)
    {
        var tcs = new TaskCompletionSource<SipResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        ClientNonInviteTransaction tx;
        try { tx = Transactions.CreateClientNonInvite(req, dest); }
        catch (ObjectDisposedException) { return Task.FromCanceled<SipResponse?>(Closing); }
        tx.ResponseReceived += r => { if (r.IsFinal) tcs.TrySetResult(r); };
        tx.TimedOut += () => tcs.TrySetResult(null);
        AwaitCancellation(tcs, ct);
        tx.Start();
        return tcs.Task;
    }

    /// <summary>Completes <paramref name="tcs"/> as cancelled when <paramref name="ct"/> or the agent's disposal cancels.</summary>
    internal void AwaitCancellation<T>(TaskCompletionSource<T> tcs, CancellationToken ct)
    {
        var byCaller = ct.Register(() => tcs.TrySetCanceled(ct));
        var byClose = Closing.Register(() => tcs.TrySetCanceled(Closing));
        _ = tcs.Task.ContinueWith(_ => { byCaller.Dispose(); byClose.Dispose(); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
