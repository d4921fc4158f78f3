using Gateway.Api;
using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Campaigns.Store;
using Gateway.Persistence;
using Gateway.Security;
using Serilog;

namespace Gateway.Hosting;

/// <summary>
/// Builds the <c>gateway serve</c> application: configuration (appsettings.json next to the binary, then
/// environment variables <c>Section__Key</c>, then command-line <c>--Section:Key=value</c> and <c>--urls</c>),
/// Serilog, the store, the workers and the REST API.
/// </summary>
public static partial class GatewayHost
{
    /// <summary>Creates the application from command-line arguments (the ones after <c>serve</c>).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        var storeOptions = Bind<StoreOptions>(builder.Configuration, StoreOptions.Section);
        _ = StoreFactory.IsPostgres(storeOptions); // a bad Store section fails here, naming the setting
        var apiOptions = Bind<ApiOptions>(builder.Configuration, ApiOptions.Section);

        // The redactor is the last enricher, so what every sink renders has its secrets masked (docs/operations.md "Security").
        // Each application keeps its own logger (not the static Log.Logger), so two hosts in one process (tests, demo)
        // never write to each other's sinks; the container disposes it, flushing the files.
        var redactor = SecretRedactor.From(builder.Configuration);
        builder.Services.AddSerilog(
            (services, lc) => lc
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With(new RedactingEnricher(redactor)),
            preserveStaticLogger: true);

        var certificate = HttpsCertificate.Load(Bind<HttpsOptions>(builder.Configuration, HttpsOptions.Section));
        HttpsCertificate.CheckAddresses(builder.Configuration[WebHostDefaults.ServerUrlsKey], certificate);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = Math.Max(apiOptions.MaxDocumentBytes, apiOptions.MaxCsvBytes);
            HttpsCertificate.Apply(k, certificate);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout(builder.Configuration));
        builder.Host.UseSystemd();
        Telemetry.TelemetryRegistration.AddGatewayTelemetry(builder);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(storeOptions);
        builder.Services.AddSingleton(apiOptions);
        builder.Services.AddSingleton<ReadinessState>();
        builder.Services.AddSingleton(_ => new HostDatabase(storeOptions));
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddHostedService<IdempotencyPruner>();
        builder.Services.AddHostedService<StoreMigrationService>();
        AddCampaignServices(builder, storeOptions, apiOptions);

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(RolePolicies.Add);
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Gateway REST API";
            doc.Info.Description = "Outbound fax campaigns. Authenticate with 'Authorization: Bearer <key>'. See docs/api.md.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<AuditMiddleware>(); // outside authentication: it records the 403s too
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        Telemetry.TelemetryRegistration.MapGatewayTelemetry(app);
        HealthEndpoints.Map(app);
        var api = app.MapGroup("/api/v1");
        ApiKeyEndpoints.Map(api);
        AuditEndpoints.Map(api, apiOptions);
        DocumentEndpoints.Map(api, apiOptions);
        MapCampaignEndpoints(api, apiOptions);
        return app;
    }

    /// <summary>Binds a section to a fresh options object.</summary>
    public static T Bind<T>(IConfiguration config, string section)
        where T : new()
    {
        var o = new T();
        config.GetSection(section).Bind(o);
        return o;
    }

    /// <summary>
    /// <c>Host:ShutdownTimeout</c> when set; else the dispatcher's drain time plus 10 s for releasing leases
    /// and flushing logs.
    /// </summary>
    private static TimeSpan ShutdownTimeout(IConfiguration config) =>
        config.GetValue<TimeSpan?>("Host:ShutdownTimeout")
        ?? TimeSpan.FromSeconds(Math.Max(5, config.GetValue("Dispatcher:DrainSeconds", 30.0) + 10));
}
