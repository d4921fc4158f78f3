using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Api;

public sealed class RoleMatrixTests
{
    private static readonly string[] Roles = ["viewer", "submitter", "operator", "admin"];

    // (method, path, lowest role allowed)
    private static readonly (string Method, string Path, string MinRole)[] Endpoints =
    [
        ("GET", "api/v1/campaigns", "viewer"),
        ("GET", "api/v1/campaigns/cmp_x", "viewer"),
        ("GET", "api/v1/campaigns/cmp_x/jobs", "viewer"),
        ("GET", "api/v1/campaigns/cmp_x/report", "viewer"),
        ("POST", "api/v1/campaigns", "submitter"),
        ("POST", "api/v1/campaigns/cmp_x/destinations", "submitter"),
        ("POST", "api/v1/campaigns/cmp_x/start", "operator"),
        ("POST", "api/v1/campaigns/cmp_x/pause", "operator"),
        ("POST", "api/v1/campaigns/cmp_x/resume", "operator"),
        ("POST", "api/v1/campaigns/cmp_x/cancel", "operator"),
        ("POST", "api/v1/campaigns/cmp_x/retry-batches", "operator"),
        ("GET", "api/v1/retry-batches", "viewer"),
        ("DELETE", "api/v1/retry-batches/rb_x", "operator"),
        ("POST", "api/v1/documents", "submitter"),
        ("GET", "api/v1/documents/doc_x", "viewer"),
        ("POST", "api/v1/faxes", "submitter"),
        ("GET", "api/v1/faxes/fax_x", "viewer"),
        ("GET", "api/v1/faxes/fax_x/attempts", "viewer"),
        ("POST", "api/v1/faxes/fax_x/cancel", "operator"),
        ("GET", "api/v1/do-not-fax", "viewer"),
        ("POST", "api/v1/do-not-fax", "operator"),
        ("DELETE", "api/v1/do-not-fax/%2B12125550100", "operator"),
        ("POST", "api/v1/do-not-fax/import", "operator"),
        ("GET", "api/v1/keys", "admin"),
        ("POST", "api/v1/keys", "admin"),
        ("DELETE", "api/v1/keys/key_x", "admin"),
    ];

    [Fact]
    public async Task Every_endpoint_admits_its_role_and_above_and_refuses_below_and_anonymous()
    {
        await using var gw = await TestGateway.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var keys = new Dictionary<string, string>();
        foreach (var role in Roles)
        {
            keys[role] = await gw.CreateKeyAsync(role);
        }

        var failures = new List<string>();
        foreach (var (method, path, minRole) in Endpoints)
        {
            foreach (var role in Roles.Prepend("anonymous"))
            {
                using var c = gw.Client(role == "anonymous" ? null : keys[role]);
                using var req = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json.Raw("{}") : null };
                using var r = await c.SendAsync(req, ct);
                var expected = role == "anonymous" ? HttpStatusCode.Unauthorized
                    : Array.IndexOf(Roles, role) < Array.IndexOf(Roles, minRole) ? HttpStatusCode.Forbidden : (HttpStatusCode?)null;
                var ok = expected is null ? r.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) : r.StatusCode == expected;
                if (!ok)
                {
                    failures.Add($"{method} {path} as {role}: {(int)r.StatusCode}");
                }
            }
        }

        Assert.Empty(failures);
        using var bad = gw.Client("gwk_not_a_real_key_at_all_000000");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync("api/v1/campaigns", ct)).StatusCode);
    }
}
