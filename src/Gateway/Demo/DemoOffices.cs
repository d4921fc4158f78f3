using Gateway.Calls.Simulator;

namespace Gateway.Demo;

/// <summary>The offices of the demo campaign: one of each behaviour the built-in far end can play.</summary>
internal static class DemoOffices
{
    public static readonly (string Number, SimulatedOffice Office, string Name, string Expected)[] All =
    [
        ("+77272000001", SimulatedOffice.Person, "Almaty office (a person says 'da')", "Succeeded"),
        ("+77272000002", SimulatedOffice.FaxMachine, "Astana office (fax machine, CED)", "Succeeded"),
        ("+77272000003", SimulatedOffice.BusyOnce, "Shymkent office (busy, then a person)", "Succeeded after a retry"),
        ("+77272000004", SimulatedOffice.SilentPerson, "Karaganda office (never answers the prompt)", "Failed: NoReply"),
        ("+77272000005", SimulatedOffice.NoAnswer, "Aktobe office (rings, nobody answers)", "Failed: NoAnswer"),
    ];
}
