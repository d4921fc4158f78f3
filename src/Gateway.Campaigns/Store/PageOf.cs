namespace Gateway.Campaigns.Store;

/// <summary>One page of a listing; <see cref="Total"/> counts all matches.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);
