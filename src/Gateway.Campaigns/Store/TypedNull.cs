using System.Data;

namespace Gateway.Campaigns.Store;

/// <summary>A NULL parameter with its SQL type (PostgreSQL cannot insert an untyped text NULL into a bigint column).</summary>
internal sealed record TypedNull(DbType Type)
{
    public static readonly TypedNull Int64 = new(DbType.Int64);
    public static readonly TypedNull Int32 = new(DbType.Int32);
}
