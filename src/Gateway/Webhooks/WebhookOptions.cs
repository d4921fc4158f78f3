namespace Gateway.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Webhooks";

    /// <summary>How often the outbox is polled, milliseconds.</summary>
    public int PollIntervalMs { get; set; } = 1000;

    /// <summary>Per-request timeout, seconds.</summary>
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Quick retries inside one delivery pass (Polly, exponential backoff with jitter).</summary>
    public int ImmediateRetries { get; set; } = 2;

    /// <summary>First quick-retry delay, milliseconds.</summary>
    public int ImmediateRetryDelayMs { get; set; } = 500;

    /// <summary>Delay before the first durable re-delivery after a failed pass, seconds; doubles each pass.</summary>
    public double RedeliveryBaseSeconds { get; set; } = 30;

    /// <summary>Longest durable re-delivery delay, seconds.</summary>
    public double RedeliveryMaxSeconds { get; set; } = 3600;

    /// <summary>Delivery passes before an event is marked dead.</summary>
    public int MaxDeliveryPasses { get; set; } = 12;

    /// <summary>Events delivered concurrently.</summary>
    public int Concurrency { get; set; } = 4;
}
