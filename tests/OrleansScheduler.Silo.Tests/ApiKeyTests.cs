using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>With <c>Scheduler:ApiKey</c> set, /api/* needs the key in X-Api-Key; health, readiness and the OpenAPI document stay open.</summary>
public sealed class ApiKeyTests(ApiKeyTests.KeyedSilo silo) : IClassFixture<ApiKeyTests.KeyedSilo>
{
    private const string Key = "s3cret-key";

    /// <summary>One silo for the class, its API behind <see cref="Key"/>.</summary>
    public sealed class KeyedSilo() : SiloFactory(new Dictionary<string, string?> { ["Scheduler:ApiKey"] = Key });

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("s3cret-ke")]
    public async Task a_request_without_the_right_key_is_a_401_problem_and_stores_nothing(string? key)
    {
        var http = silo.CreateClient();
        if (key is not null) http.DefaultRequestHeaders.Add("X-Api-Key", key);
        int tasksBefore = (await silo.Store.AllTasksAsync()).Count;

        var response = await http.PostJsonAsync("/api/tasks", """{"type":"echo"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(tasksBefore, (await silo.Store.AllTasksAsync()).Count);
    }

    [Fact]
    public async Task a_request_with_the_key_is_served()
    {
        var http = silo.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        Assert.Equal(HttpStatusCode.Created, (await http.PostJsonAsync("/api/tasks", """{"type":"echo"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/queues")).StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/openapi/v1.json")]
    public async Task health_readiness_and_the_openapi_document_need_no_key(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await silo.CreateClient().GetAsync(path)).StatusCode);
    }
}
