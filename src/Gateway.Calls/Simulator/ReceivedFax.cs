using Gateway.Fax.Pages;
using Gateway.Fax.T30;

namespace Gateway.Calls.Simulator;

/// <summary>What a simulated office received in one call: the T.30 result, the decoded pages and their PNG files.</summary>
public sealed record ReceivedFax(string Number, T30Result Result, IReadOnlyList<string> PageFiles)
{
    /// <summary>The pages as decoded, for checking pixels.</summary>
    public IReadOnlyList<FaxPage> Pages { get; init; } = [];
}
