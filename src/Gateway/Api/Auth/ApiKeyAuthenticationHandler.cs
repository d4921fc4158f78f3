using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> (RFC 6750 §2.1). The key is hashed and looked up; the
/// principal carries the key id and its role. 401 and 403 answers are RFC 9457 problem documents.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Claim carrying the key id.</summary>
    public const string KeyIdClaim = "gateway:key_id";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Length <= prefix.Length)
        {
            return AuthenticateResult.Fail("Authorization header is not 'Bearer <key>'");
        }

        var record = await keys.FindAsync(header[prefix.Length..].Trim(), Context.RequestAborted);
        if (record is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var identity = new ClaimsIdentity(
            [new Claim(KeyIdClaim, record.Id), new Claim(ClaimTypes.Name, record.Name), new Claim(ClaimTypes.Role, record.Role.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send a valid API key as 'Authorization: Bearer <key>'.");
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            $"This API key's role ({Context.User.FindFirstValue(ClaimTypes.Role)}) may not do this.");
}
