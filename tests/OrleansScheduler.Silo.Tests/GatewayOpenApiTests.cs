using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>The OpenAPI document lists the history, event stream, queue stats and limits endpoints, with what each takes and gives.</summary>
public sealed class GatewayOpenApiTests(InMemorySiloFixture silo) : IClassFixture<InMemorySiloFixture>
{
    [Fact]
    public async Task the_openapi_document_describes_the_history_events_stats_and_limits_endpoints()
    {
        var response = await silo.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        string[] expected =
        [
            "/api/tasks/{id}/logs", "/api/tasks/{id}/attempts", "/api/tasks/{id}/events", "/api/tasks/{id}/progress",
            "/api/events", "/api/queues", "/api/queues/{name}", "/api/queues/{name}/limits", "/api/queues/{name}/routing",
        ];
        foreach (string path in expected)
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI paths: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");

        var events = paths.GetProperty("/api/events").GetProperty("get");
        Assert.True(events.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _), events.ToString());
        var parameters = events.GetProperty("parameters").EnumerateArray().Select(p => (p.Str("name"), p.Str("in"))).ToList();
        Assert.Contains(("queue", "query"), parameters);
        Assert.Contains(("after", "query"), parameters);
        Assert.Contains(("Last-Event-ID", "header"), parameters);
        var put = paths.GetProperty("/api/queues/{name}/limits").GetProperty("put");
        Assert.True(put.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), put.ToString());
        Assert.True(paths.GetProperty("/api/queues/{name}/limits").TryGetProperty("get", out _));
        Assert.Contains("idempotencyWindowMs", (await silo.Http.GetStringAsync("/openapi/v1.json")));
    }
}
