namespace Gateway.Campaigns.Store;

/// <summary>
/// What an import did: the numbers it added (E.164, in input order), how many were listed before (left as they were)
/// and how many lines repeated a number of the same import.
/// </summary>
public sealed record DoNotFaxImportResult(IReadOnlyList<string> Added, int AlreadyListed, int Repeated);
