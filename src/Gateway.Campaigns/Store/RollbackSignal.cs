namespace Gateway.Campaigns.Store;

/// <summary>Thrown inside a store transaction to roll it back and return <see cref="Result"/> to the caller.</summary>
internal sealed class RollbackSignal(object result) : Exception("transaction rolled back")
{
    public object Result { get; } = result;
}
