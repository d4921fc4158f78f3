namespace Gateway.Api;

/// <summary>Configuration section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Api";

    /// <summary>An admin key created (or kept) at start; empty = none.</summary>
    public string BootstrapAdminKey { get; set; } = "";

    /// <summary>Body limit of every endpoint without its own (JSON requests), bytes.</summary>
    public long MaxRequestBytes { get; set; } = 1_048_576;

    /// <summary>Largest document upload, bytes.</summary>
    public long MaxDocumentBytes { get; set; } = 20 * 1_048_576;

    /// <summary>Largest CSV destination upload, bytes.</summary>
    public long MaxCsvBytes { get; set; } = 10 * 1_048_576;

    /// <summary>Most destinations one request may add.</summary>
    public int MaxDestinationsPerRequest { get; set; } = 100_000;

    /// <summary>Default page size of list endpoints.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Largest page size of list endpoints.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>How long idempotency records are kept, hours.</summary>
    public int IdempotencyRetentionHours { get; set; } = 72;
}
