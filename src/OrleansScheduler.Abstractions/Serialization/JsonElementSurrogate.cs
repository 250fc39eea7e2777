namespace OrleansScheduler.Serialization;

/// <summary>
/// How a <see cref="System.Text.Json.JsonElement"/> (a payload or result in the contracts) crosses a
/// grain call: as its JSON text. Orleans has no codec of its own for it.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.JsonElement")]
public struct JsonElementSurrogate
{
    /// <summary>The element's raw JSON text.</summary>
    [Id(0)] public string Json;
}
