using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// API keys with roles, on both stores: a silo of the fixture's cluster with a read key, an admin key and the
/// single <c>Scheduler:ApiKey</c> of before (an admin key); /api/* needs one of them, changes need admin, and no
/// key reaches the logs. The gateway executable enforces the same.
/// </summary>
public abstract class ApiKeyRoleTests(SiloFixture cluster)
{
    private const string ReadKey = "read-key-7f3a9c", AdminKey = "admin-key-41d2e8", SingleKey = "single-key-9b0c55";

    /// <summary>The keys as an operator sets them, the read one and the admin one given as environment variables would name them.</summary>
    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["Scheduler:ApiKey"] = SingleKey,
        ["Scheduler:ApiKeys:0:Key"] = ReadKey,
        ["Scheduler:ApiKeys:0:Role"] = "read",
        ["Scheduler:ApiKeys:1:Key"] = AdminKey,
        ["Scheduler:ApiKeys:1:Role"] = "Admin",
    };

    private SiloFactory Keyed => cluster.SharedSilo("keyed", Keys);

    private HttpClient Http(string? key) => Http(Keyed, key);

    private static HttpClient Http(SiloFactory silo, string? key)
    {
        var http = silo.CreateClient();
        if (key is not null) http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static string NewId() => "key-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task a_request_without_a_key_is_a_401_problem_and_stores_nothing()
    {
        string id = NewId();
        var response = await Http(null).PostJsonAsync("/api/tasks", $$"""{"type":"echo","id":"{{id}}"}""");

        var (problem, detail) = await response.ProblemAsync(401, "a submit without a key");
        Assert.Equal("API key required.", problem.Str("title"));
        Assert.Contains("X-Api-Key", detail);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
        Assert.Null(await cluster.Store.GetAsync(id));
        await (await Http(null).GetAsync("/api/queues")).ProblemAsync(401, "a read without a key");
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("admin-key-41d2e")]
    [InlineData("admin-key-41d2e88")]
    public async Task a_wrong_key_is_a_401_problem_saying_it_is_not_valid(string key)
    {
        var (problem, detail) = await (await Http(key).GetAsync("/api/queues")).ProblemAsync(401, $"key '{key}'");
        Assert.Equal("API key not valid.", problem.Str("title"));
        Assert.Contains("X-Api-Key", detail);
    }

    [Fact]
    public async Task an_unknown_path_under_api_is_refused_without_a_key_before_it_is_found_missing()
    {
        await (await Http(null).GetAsync("/api/no-such-thing")).ProblemAsync(401, "an unknown path without a key");
        Assert.Equal(HttpStatusCode.NotFound, (await Http(ReadKey).GetAsync("/api/no-such-thing")).StatusCode);
    }

    [Fact]
    public async Task a_read_key_cannot_submit_cancel_or_delete_a_task_and_the_403_names_both_roles()
    {
        string id = await Http(AdminKey).SubmitAsync("""{"type":"echo","queue":"key-unserved"}""");
        var read = Http(ReadKey);

        var (submit, detail) = await (await read.PostJsonAsync("/api/tasks", """{"type":"echo"}""")).ProblemAsync(403, "a submit with a read key");
        Assert.Equal("read", submit.Str("role"));
        Assert.Equal("admin", submit.Str("requiredRole"));
        Assert.Contains("read role", detail);
        Assert.Contains("POST /api/tasks needs the admin role", detail);
        await (await read.PostAsync($"/api/tasks/{id}/cancel", null)).ProblemAsync(403, "a cancel with a read key");
        await (await read.DeleteAsync($"/api/tasks/{id}")).ProblemAsync(403, "a delete with a read key");

        Assert.Equal("Pending", (await read.GetTaskAsync(id)).Str("status"));
    }

    [Fact]
    public async Task a_read_key_reads_tasks_queues_silos_and_the_event_stream()
    {
        string id = await Http(AdminKey).SubmitAsync("""{"type":"echo","queue":"key-unserved"}""");
        var read = Http(ReadKey);

        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/tasks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/tasks/{id}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/api/queues")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/api/silos")).StatusCode);
        // HEAD passes the key check whatever the endpoint then makes of it.
        var head = (await read.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/tasks/{id}"))).StatusCode;
        Assert.True(head is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"HEAD with a read key: {(int)head}");
        using var stream = await read.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/events?queue=key-unserved"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(AdminKey)]
    [InlineData(SingleKey)]
    public async Task an_admin_key_and_the_single_key_of_before_may_submit_cancel_and_delete(string key)
    {
        var admin = Http(key);
        string id = await admin.SubmitAsync("""{"type":"echo","queue":"key-unserved"}""");

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/tasks/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/tasks/{id}")).StatusCode);
        Assert.Null(await cluster.Store.GetAsync(id));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/openapi/v1.json")]
    public async Task health_readiness_and_the_openapi_document_need_no_key(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await Http(null).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task no_key_reaches_the_logs_though_refusals_are_logged()
    {
        var logs = new CapturedLogs();
        await using var silo = cluster.StartSilo(new Dictionary<string, string?>(Keys)
        {
            // Everything the API and ASP.NET Core say about requests.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:OrleansScheduler"] = "Debug",
        }, services => services.AddLogging(b => b.AddProvider(logs)));
        foreach (string key in new[] { ReadKey, AdminKey, SingleKey, "admin-key-41d2e" })
        {
            await Http(silo, key).PostJsonAsync("/api/tasks", """{"type":"echo","queue":"key-unserved"}""");
            await Http(silo, key).GetAsync("/api/queues");
        }
        await Http(silo, null).GetAsync("/api/queues");

        var lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains("Refused POST /api/tasks to the key Scheduler:ApiKeys:0 (role Read)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("the API key is not valid", StringComparison.Ordinal));
        // The keys, and the near miss, in full or in part (a prefix someone might log "for debugging").
        foreach (string secret in new[] { ReadKey, AdminKey, SingleKey, "admin-key-41d2e", "key-7f3a", "key-41d2", "key-9b0c" })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_gateway_executable_enforces_the_same_roles()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>(cluster.GatewaySettings.Concat(Keys)));
        var read = gateway.CreateClient();
        read.DefaultRequestHeaders.Add("X-Api-Key", ReadKey);

        await (await gateway.CreateClient().GetAsync("/api/queues")).ProblemAsync(401, "the gateway without a key");
        await (await read.PostJsonAsync("/api/tasks", """{"type":"echo"}""")).ProblemAsync(403, "the gateway with a read key");
        await Eventually.Until(async () => (await read.GetAsync("/api/queues")).StatusCode, s => s == HttpStatusCode.OK,
            "the gateway to serve GET /api/queues to a read key with 200", TimeSpan.FromSeconds(20));
    }
}
