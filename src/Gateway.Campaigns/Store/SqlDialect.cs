namespace Gateway.Campaigns.Store;

/// <summary>What differs between the two SQL providers; the statements themselves are shared.</summary>
internal sealed record SqlDialect(string Name, string BlobType, string LockRow, string LockRowSkipLocked);
