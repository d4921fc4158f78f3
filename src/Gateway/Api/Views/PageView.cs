namespace Gateway.Api.Views;

/// <summary>A page of a list; <see cref="Page"/> counts from 1.</summary>
public sealed record PageView<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
