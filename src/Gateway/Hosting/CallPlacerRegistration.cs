using Gateway.Campaigns.Dispatch;
using Gateway.Dispatching;

namespace Gateway.Hosting;

/// <summary>
/// The one place that chooses the dispatcher's <see cref="IFaxCallPlacer"/> from <c>Calls:Mode</c>
/// (docs/configuration.md "Calls"). Each mode registers its placer as the singleton <see cref="IFaxCallPlacer"/>.
/// </summary>
public static class CallPlacerRegistration
{
    /// <summary>The scripted test and demo double (<see cref="ScriptedCallPlacer"/>).</summary>
    public const string Scripted = "scripted";

    /// <summary>Real SIP fax calls through the trunks of <c>Sip:Trunks</c> (docs/telephony.md).</summary>
    public const string Sip = "sip";

    /// <summary>True when <c>Calls:Mode</c> is <see cref="Sip"/>.</summary>
    public static bool IsSip(IConfiguration config) =>
        GatewayHost.Bind<CallsOptions>(config, CallsOptions.Section).Mode.Trim().Equals(Sip, StringComparison.OrdinalIgnoreCase);

    /// <summary>Registers the placer of the configured mode; an unknown mode is a configuration error at start.</summary>
    public static void AddCallPlacer(IServiceCollection services, IConfiguration config)
    {
        var calls = GatewayHost.Bind<CallsOptions>(config, CallsOptions.Section);
        switch (calls.Mode.Trim().ToLowerInvariant())
        {
            case Scripted:
                var placer = calls.Scripted;
                services.AddSingleton<IFaxCallPlacer>(sp => new ScriptedCallPlacer(placer, sp.GetRequiredService<TimeProvider>()));
                break;
            case Sip:
                Telephony.TelephonyRegistration.AddSipCalls(services, config);
                break;
            default:
                throw new InvalidOperationException($"Calls:Mode '{calls.Mode}' is not available in this build; the modes are: {Scripted}, {Sip}.");
        }
    }
}
