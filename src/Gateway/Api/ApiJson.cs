using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Api;

/// <summary>JSON conventions of the API: camelCase, enums as camelCase strings, nulls omitted.</summary>
public static class ApiJson
{
    /// <summary>The options the API reads and writes with.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the conventions to <paramref name="o"/> (also used for the minimal-API serializer).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.AllowTrailingCommas = false;
        return o;
    }

    /// <summary>An enum value as the API writes it (camelCase: <c>noAnswer</c>).</summary>
    public static string EnumName<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
