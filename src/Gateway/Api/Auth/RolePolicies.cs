using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Api.Auth;

/// <summary>One authorization policy per role, each admitting that role and every higher one.</summary>
public static class RolePolicies
{
    /// <summary>The policy name for a minimum role.</summary>
    public static string For(ApiRole role) => "role:" + role.ToString().ToLowerInvariant();

    /// <summary>Registers the four policies.</summary>
    public static void Add(AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<ApiRole>())
        {
            options.AddPolicy(For(role), p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => RoleOf(ctx.User) >= role));
        }
    }

    /// <summary>The caller's role (0 when unauthenticated).</summary>
    public static ApiRole RoleOf(ClaimsPrincipal user) =>
        Enum.TryParse<ApiRole>(user.FindFirstValue(ClaimTypes.Role), out var r) ? r : 0;

    /// <summary>The caller's key id.</summary>
    public static string KeyIdOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? throw new InvalidOperationException("no API key on this request");
}
