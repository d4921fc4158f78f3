namespace Gateway.Api.Idempotency;

/// <summary>Endpoint metadata: this POST creates something and honours <c>Idempotency-Key</c>.</summary>
/// <param name="ResponseHoldsSecret">
/// The answer carries a secret shown once (a new API key): only its status and Location are stored, and a
/// repeat gets 409 naming the created resource instead of the secret again.
/// </param>
public sealed record IdempotentCreate(bool ResponseHoldsSecret = false)
{
    /// <summary>The usual case: the whole answer is stored and replayed.</summary>
    public static IdempotentCreate Instance { get; } = new();
}
