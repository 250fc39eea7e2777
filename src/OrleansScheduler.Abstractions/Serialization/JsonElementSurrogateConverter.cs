using System.Text.Json;

namespace OrleansScheduler.Serialization;

/// <summary>Converts <see cref="JsonElement"/> to and from <see cref="JsonElementSurrogate"/> for Orleans' serializer.</summary>
[RegisterConverter]
public sealed class JsonElementSurrogateConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    /// <inheritdoc />
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        using var document = JsonDocument.Parse(surrogate.Json);
        return document.RootElement.Clone();
    }

    /// <inheritdoc />
    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new() { Json = value.GetRawText() };
}
