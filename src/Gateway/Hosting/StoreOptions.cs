namespace Gateway.Hosting;

/// <summary>Configuration section <c>Store</c>: which database holds jobs, keys and idempotency records.</summary>
public sealed class StoreOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Store";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite settings.</summary>
    public SqliteStoreOptions Sqlite { get; set; } = new();

    /// <summary>PostgreSQL settings.</summary>
    public PostgresStoreOptions Postgres { get; set; } = new();

    /// <summary>True when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws a clear error for an unknown provider or a missing setting.</summary>
    public void Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Store:Provider must be 'sqlite' or 'postgres', got '{Provider}'");
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(Postgres.ConnectionString))
        {
            throw new InvalidOperationException("Store:Provider is 'postgres' but Store:Postgres:ConnectionString is empty");
        }

        if (!IsPostgres && string.IsNullOrWhiteSpace(Sqlite.Path))
        {
            throw new InvalidOperationException("Store:Sqlite:Path is empty");
        }
    }

    /// <summary>The SQLite file as an absolute path (relative paths are taken from the working directory).</summary>
    public string SqliteFullPath => System.IO.Path.GetFullPath(Sqlite.Path);
}

/// <summary>Configuration section <c>Store:Sqlite</c>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Database file; relative to the working directory.</summary>
    public string Path { get; set; } = "gateway.db";
}

/// <summary>Configuration section <c>Store:Postgres</c>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>An Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = "";
}
