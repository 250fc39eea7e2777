using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansScheduler.Alerts;

/// <summary>The JSON body of an alert's webhook: the firing in camelCase, its kind by name (as the API writes enums: <c>TaskFailed</c>).</summary>
public static class AlertWebhookBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The UTF-8 body for <paramref name="firing"/>: the bytes that are signed and sent, the same on every retry.</summary>
    public static byte[] Serialize(AlertFiring firing) => JsonSerializer.SerializeToUtf8Bytes(firing, Json);

    /// <summary>The firing in <paramref name="body"/> (for receivers and tests).</summary>
    public static AlertFiring? Deserialize(string body) => JsonSerializer.Deserialize<AlertFiring>(body, Json);
}
