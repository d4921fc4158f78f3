using Gateway.Hosting;

namespace Gateway.Cli.Verbs;

/// <summary><c>gateway serve</c>: runs the dispatcher worker and the REST API until SIGTERM/Ctrl+C.</summary>
public static class ServeVerb
{
    /// <summary>The verb.</summary>
    public static Verb Create() => new(
        ["serve"],
        "run the service: dispatcher worker, webhooks and REST API",
        "[--urls http://127.0.0.1:8080] [--Section:Key=value ...]",
        new HashSet<string>(),
        RunAsync);

    private static async Task<int> RunAsync(VerbContext ctx)
    {
        WebApplication app;
        try
        {
            app = GatewayHost.Build(ctx.RawArgs);
        }
        catch (InvalidOperationException ex)
        {
            await ctx.Err.WriteLineAsync($"gateway serve: configuration error: {ex.Message}");
            return ExitCodes.BadUsage;
        }

        try
        {
            await app.RunAsync();
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            await ctx.Err.WriteLineAsync($"gateway serve: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            await app.DisposeAsync();
            await Serilog.Log.CloseAndFlushAsync();
        }
    }
}
