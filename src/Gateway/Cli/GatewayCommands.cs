using Gateway.Cli.Verbs;

namespace Gateway.Cli;

/// <summary>Every verb of the <c>gateway</c> executable, in the order <c>gateway help</c> lists them.</summary>
public static class GatewayCommands
{
    /// <summary>The dispatcher with all verbs registered.</summary>
    public static VerbDispatcher CreateDispatcher()
    {
        var d = new VerbDispatcher();
        d.Add(ServeVerb.Create());
        d.Add(SimulatorVerb.Create());
        d.Add(SendVerb.Create());
        d.Add(DemoVerb.Create());
        foreach (var v in CampaignVerbs.Create().Concat(FaxVerbs.Create()).Concat(DoNotFaxVerbs.Create()).Concat(RetryBatchVerbs.Create()).Concat(DocumentVerbs.Create()).Concat(KeyVerbs.Create()))
        {
            d.Add(v);
        }
        return d;
    }
}
