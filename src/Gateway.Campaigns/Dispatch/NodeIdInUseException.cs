namespace Gateway.Campaigns.Dispatch;

/// <summary>
/// Another live process holds this node's identity lock: two processes are configured with one node id, and their
/// leases would be indistinguishable. Each node sharing a store needs its own id (docs/operations.md "Scaling out").
/// </summary>
public sealed class NodeIdInUseException : InvalidOperationException
{
    public NodeIdInUseException()
    {
    }

    public NodeIdInUseException(string nodeId)
        : base($"node id '{nodeId}' is in use by another running process on this store; give each node its own Node:Id")
    {
        NodeId = nodeId;
    }

    public NodeIdInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The contested node id.</summary>
    public string? NodeId { get; }
}
