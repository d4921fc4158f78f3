using Gateway.Api;
using Gateway.Campaigns;
using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Store;
using Gateway.Webhooks;

namespace Gateway.Hosting;

public static partial class GatewayHost
{
    /// <summary>
    /// The campaign engine is Gateway.Campaigns: one store (SQLite or PostgreSQL from <c>Store</c>) behind
    /// <see cref="ICampaignStore"/> and <see cref="IJobStore"/>, the <see cref="CampaignService"/> the API calls, and
    /// the <see cref="Dispatcher"/> run by <see cref="DispatcherService"/> with the placer of <c>Calls:Mode</c>.
    /// </summary>
    private static void AddCampaignServices(WebApplicationBuilder builder, StoreOptions storeOptions, ApiOptions apiOptions)
    {
        var config = builder.Configuration;
        var nodeId = config["Node:Id"] is { Length: > 0 } id ? id : Environment.MachineName;
        var dispatcher = Bind<DispatcherSettings>(config, DispatcherSettings.Section).ToOptions(nodeId);
        Telephony.CallRuntimeAccessor? runtime = null;
        if (CallPlacerRegistration.IsSip(config))
        {
            // Trunk limits and breakers come from Sip:Trunks; the runtime exists once the container built it.
            runtime = new Telephony.CallRuntimeAccessor();
            builder.Services.AddSingleton(runtime);
            Telephony.TelephonyRegistration.ConfigureDispatcher(dispatcher, config, runtime);
        }

        var webhooks = Bind<WebhookOptions>(config, WebhookOptions.Section);
        builder.Services.AddSingleton(_ => StoreFactory.Create(storeOptions));
        builder.Services.AddSingleton<ICampaignStore>(sp => sp.GetRequiredService<SqlStore>());
        builder.Services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<SqlStore>());
        builder.Services.AddSingleton(new NodeIdentity(nodeId));
        builder.Services.AddSingleton(sp => new CampaignService(
            sp.GetRequiredService<ICampaignStore>(), sp.GetRequiredService<TimeProvider>(),
            new CampaignServiceOptions { MaxDocumentBytes = apiOptions.MaxDocumentBytes, MaxDestinationsPerUpload = apiOptions.MaxDestinationsPerRequest }));
        CallPlacerRegistration.AddCallPlacer(builder.Services, config);
        builder.Services.AddSingleton(dispatcher);
        builder.Services.AddSingleton(sp => new DispatcherMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new WebhookMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton(sp => new Dispatcher(
            sp.GetRequiredService<ICampaignStore>(), sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<IFaxCallPlacer>(), sp.GetRequiredService<TimeProvider>(), dispatcher,
            sp.GetRequiredService<ILogger<Dispatcher>>(), sp.GetRequiredService<DispatcherMetrics>()));
        builder.Services.AddSingleton(webhooks);
        builder.Services.AddSingleton(sp => new WebhookSender(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<TimeProvider>(), webhooks));
        builder.Services.AddHostedService<DispatcherService>();
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
    }

    private static void MapCampaignEndpoints(RouteGroupBuilder api, ApiOptions options)
    {
        CampaignEndpoints.Map(api, options);
        FaxEndpoints.Map(api);
        DoNotFaxEndpoints.Map(api, options);
        RetryBatchEndpoints.Map(api);
    }
}
