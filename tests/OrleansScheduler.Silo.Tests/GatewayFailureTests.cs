using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Tests;

/// <summary>When the store itself fails, the gateway answers a 500 ProblemDetails that says the error was logged, and nothing of what it was.</summary>
public sealed class GatewayFailureTests(GatewayFailureTests.BrokenSilo silo) : IClassFixture<GatewayFailureTests.BrokenSilo>
{
    /// <summary>One silo for the class, on a store that fails every call.</summary>
    public sealed class BrokenSilo() : SiloFactory(
        new Dictionary<string, string?> { ["Scheduler:RunWorkers"] = "false" },
        services => services.AddSingleton<ITaskStore, BrokenTaskStore>());

    [Theory]
    [InlineData("GET", "/api/tasks/some-task", null)]
    [InlineData("GET", "/api/tasks", null)]
    [InlineData("POST", "/api/tasks", """{"type":"echo"}""")]
    [InlineData("POST", "/api/tasks/some-task/cancel", null)]
    [InlineData("POST", "/api/tasks/some-task/pause", null)]
    [InlineData("DELETE", "/api/tasks/some-task", null)]
    [InlineData("GET", "/api/queues/default/dead-letter", null)]
    [InlineData("POST", "/api/queues/default/dead-letter/retry", null)]
    public async Task a_store_failure_is_a_500_problem_with_a_trace_id_and_no_internals(string method, string path, string? body)
    {
        var response = await silo.CreateClient().SendRawAsync(new HttpMethod(method), path, body is null ? null : "application/json", body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(BrokenTaskStore.Secret, text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.Contains("trace id", (await response.JsonAsync()).GetProperty("detail").GetString());
    }
}
