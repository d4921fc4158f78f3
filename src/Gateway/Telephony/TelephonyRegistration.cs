using Gateway.Campaigns.Dispatch;
using Gateway.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Telephony;

/// <summary>
/// Registers real SIP calls (<c>Calls:Mode=sip</c>): the process-wide <see cref="CallRuntime"/> (started on
/// first use, disposed with the host), prompts, metrics and the <see cref="FaxCallPlacer"/> as the
/// dispatcher's <see cref="IFaxCallPlacer"/>. Per-trunk channel and CPS limits come from <c>Sip:Trunks</c>.
/// </summary>
public static class TelephonyRegistration
{
    /// <summary>Adds the services; configuration errors surface when the host starts, naming the setting.</summary>
    public static void AddSipCalls(IServiceCollection services, IConfiguration config)
    {
        SipOptions sip = GatewayHost.Bind<SipOptions>(config, SipOptions.Section);
        MediaOptions media = GatewayHost.Bind<MediaOptions>(config, MediaOptions.Section);
        FaxCallOptions fax = GatewayHost.Bind<FaxCallOptions>(config, FaxCallOptions.Section);
        CallCaptureOptions capture = GatewayHost.Bind<CallCaptureOptions>(config, CallCaptureOptions.Section);
        if (sip.Trunks.Count == 0)
        {
            throw new InvalidOperationException("Calls:Mode 'sip' needs at least one trunk in Sip:Trunks (docs/telephony.md)");
        }

        FaxPagesOptions pages = GatewayHost.Bind<FaxPagesOptions>(config, FaxPagesOptions.Section);
        DetectionOptions detection = DetectionOptions.FromConfiguration(config);
        services.AddSingleton(fax);
        services.AddSingleton(detection);
        services.AddSingleton(pages);
        services.AddHostedService<HeaderFontWarmUp>();
        services.AddSingleton(sp =>
        {
            CallRuntime runtime = CallRuntime.Start(sip, media, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(), capture);
            if (detection.VadFallbackReason() is { } reason)
            {
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Telephony").LogWarning("{Reason}", reason);
            }

            sp.GetService<CallRuntimeAccessor>()?.Set(runtime);
            return runtime;
        });
        services.AddSingleton(sp => new StoredFaxPages(sp.GetRequiredService<Campaigns.Store.ICampaignStore>(), pages));
        services.AddSingleton<IFaxPageSourceFactory>(sp => sp.GetRequiredService<StoredFaxPages>());
        services.AddSingleton(_ => new PromptCatalog(fax, AppContext.BaseDirectory));
        services.AddSingleton(sp =>
        {
            CallRuntime runtime = sp.GetRequiredService<CallRuntime>();
            return new CallMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), runtime.Media, runtime.Trunks);
        });
        services.AddSingleton<IFaxCallPlacer>(sp => new FaxCallPlacer(
            sp.GetRequiredService<CallRuntime>(),
            sp.GetRequiredService<IFaxPageSourceFactory>(),
            sp.GetRequiredService<PromptCatalog>(),
            fax,
            sp.GetRequiredService<ILogger<FaxCallPlacer>>(),
            sp.GetRequiredService<CallMetrics>())
        {
            Detection = detection,
        });
    }

    /// <summary>
    /// Applies the trunks' limits and breakers to the dispatcher: <c>Sip:Trunks:n:Channels</c> and
    /// <c>CallsPerSecond</c> become its per-trunk limits, and a trunk whose breaker is open is not dialed.
    /// </summary>
    public static void ConfigureDispatcher(DispatcherOptions options, IConfiguration config, CallRuntimeAccessor runtime)
    {
        SipOptions sip = GatewayHost.Bind<SipOptions>(config, SipOptions.Section);
        foreach (TrunkOptions trunk in sip.Trunks)
        {
            if (trunk.Channels < 1 || trunk.CallsPerSecond <= 0)
            {
                throw new InvalidOperationException($"Sip:Trunks: trunk '{trunk.Name}' needs Channels >= 1 and CallsPerSecond > 0");
            }

            options.Trunks[trunk.Name] = new TrunkLimits { Channels = trunk.Channels, CallsPerSecond = trunk.CallsPerSecond };
        }

        if (sip.Trunks.Count == 1)
        {
            // Campaigns that name no trunk ("default") dial through the only one, within its limits.
            options.DefaultTrunk = options.Trunks[sip.Trunks[0].Name];
            options.DefaultTrunkName = sip.Trunks[0].Name;
        }

        options.TrunkAvailable = name => runtime.Runtime?.FindTrunk(name) is not { } route || route.Gate.AcceptsCalls;
    }
}
