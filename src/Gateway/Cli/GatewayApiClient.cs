using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Gateway.Cli;

/// <summary>
/// The CLI's HTTP client for a running service. Base URL and API key come from <c>--url</c>/<c>--key</c>,
/// else from configuration <c>Cli:BaseUrl</c>/<c>Cli:ApiKey</c> (appsettings.json next to the binary,
/// overridable as <c>Cli__BaseUrl</c>/<c>Cli__ApiKey</c>). An HTTPS service whose certificate the system does not
/// trust is trusted through <c>--ca-cert PATH</c> / <c>Cli:CaCertificatePath</c> (<see cref="ApiTrust"/>).
/// </summary>
public sealed class GatewayApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _trustAnchorsGiven;

    /// <summary>Creates a client for <paramref name="baseUrl"/>.</summary>
    public GatewayApiClient(Uri baseUrl, string? apiKey, X509Certificate2Collection? trustAnchors = null)
    {
        _trustAnchorsGiven = trustAnchors is { Count: > 0 };
        _http = new HttpClient(ApiTrust.CreateHandler(trustAnchors)) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    /// <summary>Builds a client from the verb's <c>--url</c>/<c>--key</c> options and configuration.</summary>
    public static GatewayApiClient FromArguments(CommandArguments args)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var url = args.Option("url") ?? config["Cli:BaseUrl"] ?? "http://127.0.0.1:8080";
        var key = args.Option("key") ?? config["Cli:ApiKey"];
        var caCert = args.Option("ca-cert") ?? config["Cli:CaCertificatePath"];
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, got '{url}'");
        }

        return new GatewayApiClient(uri, key, string.IsNullOrWhiteSpace(caCert) ? null : ApiTrust.LoadAnchors(caCert));
    }

    /// <summary>Sends a request; a network failure becomes a status-0 response with the error text.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        try
        {
            using var response = await _http.SendAsync(request, ct);
            var raw = await response.Content.ReadAsStringAsync(ct);
            JsonElement? body = null;
            if (raw.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                try
                {
                    body = JsonDocument.Parse(raw).RootElement.Clone();
                }
                catch (JsonException)
                {
                    body = null;
                }
            }

            return new ApiResponse((int)response.StatusCode, body, raw);
        }
        catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException)
        {
            var hint = _trustAnchorsGiven
                ? "it is not issued (for this host name) by a certificate in --ca-cert"
                : "give the certificate of its CA (or the service's own self-signed certificate) with --ca-cert PATH or Cli:CaCertificatePath";
            return new ApiResponse(0, null, $"cannot reach {_http.BaseAddress}: the service's TLS certificate is not trusted: {hint} ({ex.InnerException.Message})");
        }
        catch (HttpRequestException ex)
        {
            return new ApiResponse(0, null, $"cannot reach {_http.BaseAddress}: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            return new ApiResponse(0, null, $"request to {_http.BaseAddress} timed out: {ex.Message}");
        }
    }

    /// <summary>GET.</summary>
    public Task<ApiResponse> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>POST a JSON body (or none) with a fresh Idempotency-Key unless one is given.</summary>
    public Task<ApiResponse> PostJsonAsync(string path, object? body, CancellationToken ct, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonBody(body), ct, idempotencyKey ?? Guid.NewGuid().ToString("N"));

    /// <summary>DELETE.</summary>
    public Task<ApiResponse> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    /// <summary>A UTF-8 JSON request body.</summary>
    public static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body, CliJson.Options), Encoding.UTF8, "application/json");

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
