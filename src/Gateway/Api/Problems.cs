using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Api;

/// <summary>RFC 9457 problem details: every error answer of the API has this shape.</summary>
public static class Problems
{
    /// <summary>A problem with optional per-field errors (RFC 9457 §3.2 extension member <c>errors</c>).</summary>
    public static IResult Result(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var pd = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        pd.Status = status;
        pd.Title = title;
        pd.Detail = detail;
        pd.Type = TypeFor(status);
        return TypedResults.Problem(pd);
    }

    /// <summary>400 for input that cannot be read (bad JSON, bad CSV, bad query value).</summary>
    public static IResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Result(StatusCodes.Status400BadRequest, "Bad request", detail, errors);

    /// <summary>422 for input that is well-formed but not acceptable (invalid number, unknown time zone).</summary>
    public static IResult Invalid(string detail, IDictionary<string, string[]>? errors = null) =>
        Result(StatusCodes.Status422UnprocessableEntity, "Invalid input", detail, errors);

    /// <summary>404.</summary>
    public static IResult NotFound(string what) => Result(StatusCodes.Status404NotFound, "Not found", $"{what} does not exist.");

    /// <summary>409 for a state that does not allow the operation.</summary>
    public static IResult Conflict(string detail) => Result(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>Writes a problem directly (for middleware and authentication handlers).</summary>
    public static async Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var pd = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(status), Instance = context.Request.Path };
        await context.Response.WriteAsync(JsonSerializer.Serialize(pd, ApiJson.Options), context.RequestAborted);
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        _ => "about:blank",
    };
}
