using Gateway.Api;
using Gateway.Dispatching;
using Gateway.Engine;
using Gateway.Webhooks;

namespace Gateway.Hosting;

public static partial class GatewayHost
{
    private static void AddCampaignServices(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var calls = Bind<CallsOptions>(config, CallsOptions.Section);
        if (!string.Equals(calls.Mode, "scripted", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Calls:Mode '{calls.Mode}' is not available: only 'scripted' (the test and demo double) exists until the SIP fax call is wired in.");
        }

        var dispatcher = Bind<DispatcherOptions>(config, DispatcherOptions.Section);
        var webhooks = Bind<WebhookOptions>(config, WebhookOptions.Section);
        builder.Services.AddSingleton(dispatcher);
        builder.Services.AddSingleton(webhooks);
        builder.Services.AddSingleton(new NodeIdentity(config["Node:Id"] is { Length: > 0 } id ? id : Environment.MachineName));
        builder.Services.AddSingleton(sp => new ScriptedCallPlacer(calls.Scripted, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IFaxCallPlacer>(sp => sp.GetRequiredService<ScriptedCallPlacer>());
        builder.Services.AddSingleton<EngineStore>();
        builder.Services.AddSingleton<IWebhookOutbox>(sp => sp.GetRequiredService<EngineStore>());
        builder.Services.AddSingleton(sp => new WebhookSender(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<TimeProvider>(), webhooks));
        builder.Services.AddHostedService<DispatcherWorker>();
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
    }

    private static void MapCampaignEndpoints(RouteGroupBuilder api, ApiOptions options, TimeProvider time)
    {
        CampaignEndpoints.Map(api, options);
        FaxEndpoints.Map(api);
        DoNotFaxEndpoints.Map(api, options);
        RetryBatchEndpoints.Map(api, time);
    }
}
