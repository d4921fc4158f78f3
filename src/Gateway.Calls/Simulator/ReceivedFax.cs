using Gateway.Fax.T30;

namespace Gateway.Calls.Simulator;

/// <summary>What a simulated office received in one call.</summary>
public sealed record ReceivedFax(string Number, T30Result Result, IReadOnlyList<string> PageFiles);
