using Gateway.Campaigns.Domain;
using Gateway.Fax.Pages;
using Gateway.Sip.UserAgent;
using Gateway.Telephony;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using CampaignRequest = Gateway.Campaigns.Dispatch.FaxCallRequest;

namespace Gateway.Tests.Telephony;

/// <summary>The <c>Media:AnswerClassifier</c>, <c>Media:Reply</c>, <c>Media:Speech</c> and <c>Media:Vad</c> settings reach every call.</summary>
public sealed class DetectionOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void The_media_sections_are_read_and_absent_keys_keep_their_defaults()
    {
        DetectionOptions d = DetectionOptions.FromConfiguration(Config(
            ("Media:AnswerClassifier:AfterGreetingSilenceMs", "900"),
            ("Media:Reply:MinUtteranceMs", "150"),
            ("Media:Speech:EchoTailMs", "128"),
            ("Media:Vad:Kind", "silero"),
            ("Media:Vad:SileroModelPath", "/nonexistent/silero_vad.onnx")));

        Assert.Equal(900, d.AnswerClassifier.AfterGreetingSilenceMs);
        Assert.Equal(new Media.Classification.AnswerClassifierOptions().InitialSilenceMs, d.AnswerClassifier.InitialSilenceMs);
        Assert.Equal(150, d.Reply.MinUtteranceMs);
        Assert.Equal(128, d.Speech.EchoTailMs);
        Assert.Equal("silero", d.Vad.Kind);
        Assert.Contains("/nonexistent/silero_vad.onnx", d.VadFallbackReason(), StringComparison.Ordinal);
        Assert.Null(DetectionOptions.FromConfiguration(Config()).VadFallbackReason());
    }

    [Fact]
    public void Every_call_request_carries_the_configured_detection_settings()
    {
        DetectionOptions d = DetectionOptions.FromConfiguration(Config(("Media:AnswerClassifier:TotalAnalysisTimeMs", "4000"), ("Media:Speech:EchoCanceller", "false")));
        var placer = new FaxCallPlacer(null!, null!, new PromptCatalog(new FaxCallOptions(), AppContext.BaseDirectory), new FaxCallOptions(), NullLogger<FaxCallPlacer>.Instance) { Detection = d };
        var route = new TrunkRoute(new SipTrunk { Name = "main", Host = "127.0.0.1" }, new TrunkOptions { Name = "main", Uri = "sip:127.0.0.1" });
        var request = new CampaignRequest(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "+77270000001", new SenderIdentity("GATEWAY", "ACME", null), [], null, 0, 1, "main");
        var fax = new PreparedFax(new FaxDocumentPageSource(new FaxDocument([FaxPage.Blank(1728, 100, FaxResolution.Fine)])), 1);

        Calls.FaxCallRequest call = placer.BuildRequest(request, route, fax);

        Assert.Equal(4000, call.Classifier.TotalAnalysisTimeMs);
        Assert.False(call.Speech.EchoCanceller);
        Assert.Same(d.Reply, call.Reply);
        Assert.Same(d.Vad, call.Vad);
    }
}
