namespace Gateway.Hosting;

/// <summary>This node's id (<c>Node:Id</c>, default the machine name): the owner recorded on leases.</summary>
/// <param name="Id">The id.</param>
public sealed record NodeIdentity(string Id);
