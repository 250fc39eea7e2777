using System.Text.Json;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>One frame of a <c>text/event-stream</c> as the gateway writes it: an event (id, event, data) or a comment.</summary>
public sealed record SseFrame(string? Id, string? Event, string? Data, string? Comment)
{
    /// <summary>The data as JSON, failing the test when the frame has none.</summary>
    public JsonElement Json()
    {
        if (Data is null) throw new Xunit.Sdk.XunitException($"Expected an event with data, got {this}");
        using var document = JsonDocument.Parse(Data);
        return document.RootElement.Clone();
    }
}
