using System.Text.Json.Serialization;
using System.Text.Json;

namespace OrleansScheduler.Api;

/// <summary>
/// The gateway's wire format, which the HTTP client writes too: web defaults (camelCase), enums as
/// their names, nulls left out of requests so the gateway applies its defaults.
/// </summary>
public static class ApiJson
{
    /// <summary>The options a client serializes requests and payloads with.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
