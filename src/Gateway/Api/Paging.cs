using System.Globalization;

namespace Gateway.Api;

/// <summary><c>page</c> (from 1) and <c>pageSize</c> (1..Api:MaxPageSize) query parameters.</summary>
public static class Paging
{
    /// <summary>The values, or a 400 problem naming the bad parameter.</summary>
    public static (int Page, int Size, IResult? Error) Read(HttpRequest request, ApiOptions options)
    {
        var page = 1;
        var size = options.DefaultPageSize;
        if (request.Query.TryGetValue("page", out var p) && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return (0, 0, Problems.BadRequest("'page' must be an integer from 1.", new Dictionary<string, string[]> { ["page"] = [$"got '{p}'"] }));
        }

        if (request.Query.TryGetValue("pageSize", out var s) && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > options.MaxPageSize))
        {
            return (0, 0, Problems.BadRequest($"'pageSize' must be an integer from 1 to {options.MaxPageSize}.", new Dictionary<string, string[]> { ["pageSize"] = [$"got '{s}'"] }));
        }

        return (page, size, null);
    }
}
