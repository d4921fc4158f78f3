using Gateway.Hosting;

namespace Gateway.Api;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (store migrated, worker running).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps both, anonymous.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new HealthReport("live", true, true, false)))
            .WithTags("health").AllowAnonymous();
        app.MapGet("/health/ready", (ReadinessState s) =>
            {
                var report = new HealthReport(s.IsReady ? "ready" : "not-ready", s.StoreMigrated, s.WorkerRunning, s.Stopping);
                return s.IsReady ? Results.Ok(report) : Results.Json(report, ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithTags("health").AllowAnonymous();
    }

    /// <summary>Health answer body.</summary>
    public sealed record HealthReport(string Status, bool StoreMigrated, bool WorkerRunning, bool Stopping);
}
