using System.Threading.Channels;
using Gateway.Calls;
using Gateway.Campaigns.Dispatch;
using Gateway.Fax.T30;
using Microsoft.Extensions.Logging;
using CampaignRequest = Gateway.Campaigns.Dispatch.FaxCallRequest;

namespace Gateway.Telephony;

/// <summary>
/// The campaign dispatcher's call placer for real SIP calls (<c>Calls:Mode=sip</c>): it picks the
/// campaign's trunk, prepares the pages from the first unconfirmed one, runs a <see cref="FaxCall"/> through
/// the trunk's <see cref="TrunkGate"/>, reports answer and confirmed pages as they happen (so a crash
/// mid-call never resends a confirmed page) and maps the outcome.
/// </summary>
public sealed partial class FaxCallPlacer(CallRuntime runtime, IFaxPageSourceFactory pages, PromptCatalog prompts, FaxCallOptions options, ILogger<FaxCallPlacer> logger, CallMetrics? metrics = null) : IFaxCallPlacer
{
    /// <inheritdoc/>
    public async Task<CallOutcome> PlaceCallAsync(CampaignRequest request, IFaxCallProgress progress, CancellationToken cancellationToken)
    {
        DateTimeOffset now = runtime.Environment.Time.GetUtcNow();
        TrunkRoute? route = runtime.FindTrunk(request.CallProfile);
        if (route is null)
        {
            // Configuration, not the destination, is wrong: NetworkError keeps the job for a later retry
            // once the operator adds the trunk, instead of refusing the number for good.
            return new CallOutcome { Failure = Campaigns.Domain.FailureClass.NetworkError, Reason = $"trunk '{request.CallProfile}' is not configured (Sip:Trunks)" };
        }

        PreparedFax fax = await pages.PrepareAsync(request.Documents, request.Sender, request.StartPage, now, cancellationToken).ConfigureAwait(false);
        Calls.FaxCallRequest call = BuildRequest(request, route, fax);
        LogPlacing(logger, request.Number, route.Trunk.Name, request.StartPage + 1, fax.PagesTotal);

        metrics?.Started(route.Trunk.Name);
        FaxCallOutcome outcome;
        try
        {
            outcome = await route.Gate.RunAsync(ct => RunReportingAsync(call, progress, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            metrics?.Ended(route.Trunk.Name, new FaxCallOutcome { Failure = Calls.FailureClass.NetworkError, Reason = "cancelled" });
            throw;
        }

        metrics?.Ended(route.Trunk.Name, outcome);
        LogOutcome(logger, outcome.Failure, outcome.Reason, outcome.SipStatus, outcome.PagesConfirmed);
        if (outcome.CaptureFiles.Count > 0)
        {
            LogCapture(logger, request.Number, string.Join(", ", outcome.CaptureFiles));
        }
        return CallOutcomeMapping.ToCampaign(outcome, fax.PagesTotal);
    }

    /// <summary>Answer classification, reply, speech and VAD settings of every call (<c>Media:…</c>).</summary>
    public DetectionOptions Detection { get; init; } = new();

    /// <summary>The call request for one attempt (shared with <c>gateway send</c>).</summary>
    internal Calls.FaxCallRequest BuildRequest(CampaignRequest request, TrunkRoute route, PreparedFax fax) => new()
    {
        Target = request.Number,
        Trunk = route.Trunk,
        Document = fax.Pages,
        T30 = T30For(route.Options, request.Sender.Tsi),
        Prompt = prompts.Get(request.PromptRef),
        Settings = new FaxCallSettings
        {
            Timeouts = options.ToTimeouts(),
            T38 = route.Options.T38,
            OnMachine = options.OnMachine,
            PagesTotal = fax.Pages.PageCount,
        },
        Classifier = Detection.AnswerClassifier,
        Reply = Detection.Reply,
        Speech = Detection.Speech,
        Vad = Detection.Vad,
    };

    /// <summary>T.30 settings from a trunk's options: ECM, its block size and the highest modem.</summary>
    internal static T30Settings T30For(TrunkOptions trunk, string tsi) => new()
    {
        LocalIdent = tsi,
        Ecm = trunk.Ecm,
        // Null: partial pages fitting the receiver's T2 (T30Settings.EcmMaxBurst); infinite: 256-frame blocks.
        EcmMaxBurst = trunk.EcmPartialPages ? null : Timeout.InfiniteTimeSpan,
        MaxModem = trunk.MaxBitRate switch
        {
            >= 14400 => FaxModem.V17_14400,
            >= 12000 => FaxModem.V17_12000,
            >= 9600 => FaxModem.V29_9600,
            >= 7200 => FaxModem.V29_7200,
            >= 4800 => FaxModem.V27ter4800,
            _ => FaxModem.V27ter2400,
        },
    };

    private async Task<FaxCallOutcome> RunReportingAsync(Calls.FaxCallRequest request, IFaxCallProgress progress, CancellationToken ct)
    {
        // FaxCall raises Progress on its own task; the store writes are async, so they go through a
        // channel and one writer, in order. A confirmed page is written before the outcome is returned.
        var updates = Channel.CreateUnbounded<(DateTimeOffset? Answered, int Pages)>(new UnboundedChannelOptions { SingleReader = true });
        var call = new FaxCall(runtime.Environment, request);
        bool answeredReported = false;
        int pagesReported = 0;
        call.Progress += c =>
        {
            if (!answeredReported && c.State is FaxCallState.Classifying or FaxCallState.Prompting or FaxCallState.AwaitingReply or FaxCallState.SwitchDelay or FaxCallState.Faxing)
            {
                answeredReported = true;
                updates.Writer.TryWrite((runtime.Environment.Time.GetUtcNow(), -1));
            }

            if (c.PagesConfirmed > pagesReported)
            {
                pagesReported = c.PagesConfirmed;
                updates.Writer.TryWrite((null, c.PagesConfirmed));
            }
        };
        Task writer = Task.Run(async () =>
        {
            await foreach ((DateTimeOffset? answered, int pages) in updates.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (answered is { } at)
                {
                    await progress.AnsweredAsync(at, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await progress.PagesConfirmedAsync(pages, request.Settings.PagesTotal, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }, CancellationToken.None);
        try
        {
            return await call.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            updates.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Dialing {Number} through trunk {Trunk}, from page {FirstPage} of {PagesTotal}")]
    private static partial void LogPlacing(ILogger logger, string number, string trunk, int firstPage, int pagesTotal);

    [LoggerMessage(2, LogLevel.Information, "Call ended: {Failure} ({Reason}), SIP {SipStatus}, {PagesConfirmed} page(s) confirmed")]
    private static partial void LogOutcome(ILogger logger, Calls.FailureClass failure, string reason, int sipStatus, int pagesConfirmed);

    [LoggerMessage(3, LogLevel.Information, "Capture of the call to {Number} kept: {Files}")]
    private static partial void LogCapture(ILogger logger, string number, string files);
}
