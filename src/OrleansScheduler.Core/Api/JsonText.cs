using System.Text.Json;

namespace OrleansScheduler.Api;

/// <summary>Turns the JSON text a store keeps (payloads, results) into the JSON values the contracts carry.</summary>
public static class JsonText
{
    /// <summary>The value <paramref name="text"/> holds; null for null text.</summary>
    public static JsonElement? ToElement(string? text)
    {
        if (text is null) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Stores keep valid JSON; should one ever hold something else, show it as a string rather than fail the read.
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
