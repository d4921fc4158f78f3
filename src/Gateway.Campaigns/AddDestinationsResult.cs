namespace Gateway.Campaigns;

/// <summary>Outcome of a valid upload: added jobs and numbers skipped as already present.</summary>
public sealed record AddDestinationsResult(int Added, int Duplicates);
