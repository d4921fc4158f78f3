namespace Gateway.Hosting;

public static partial class GatewayHost
{
    private static void AddCampaignServices(WebApplicationBuilder builder)
    {
        _ = builder;
    }

    private static void MapCampaignEndpoints(RouteGroupBuilder api)
    {
        _ = api;
    }
}
