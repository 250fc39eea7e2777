using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansScheduler.Client;

/// <summary>The gateway's wire format: web defaults (camelCase), enums as their names, nulls left out so the gateway applies its defaults.</summary>
internal static class ClientJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
