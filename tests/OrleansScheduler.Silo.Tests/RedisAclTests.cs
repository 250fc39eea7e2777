using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// A silo and a gateway on a Redis whose default user is off, each logged in as the ACL user docs/security.md
/// defines, with exactly its rules; and what the logs say about their passwords.
/// </summary>
public sealed class RedisAclTests(AclClusterFixture fixture) : IClassFixture<AclClusterFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.CreateClient();

    [Fact]
    public async Task a_task_submitted_through_the_gateway_runs_on_the_silo_each_logged_in_with_only_the_documented_rules()
    {
        string id = await _gateway.SubmitAsync("""{"type":"echo","payload":{"via":"acl"}}""");

        var task = await (await _gateway.GetAsync($"/api/tasks/{id}?waitMs=30000")).JsonAsync();

        Assert.Equal("Succeeded", task.Str("status"));
        await AssertRedisRefusedOnlyConfigGetAsync();
    }

    [Fact]
    public async Task a_workflow_and_a_cron_schedule_keep_their_state_with_only_the_documented_rules()
    {
        // A workflow's state is Orleans grain storage; a schedule lives in the task store and fires from the scheduler grain.
        var workflow = await _gateway.PostJsonAsync("/api/workflows",
            """{"name":"acl","tasks":[{"key":"a","type":"echo"},{"key":"b","type":"echo","dependsOn":["a"]}]}""");
        Assert.Equal(HttpStatusCode.Created, workflow.StatusCode);
        string schedule = "acl-" + Guid.NewGuid().ToString("N")[..8];
        var put = await _gateway.SendRawAsync(HttpMethod.Put, $"/api/schedules/{schedule}", "application/json",
            """{"cron":"* * * * * *","task":{"type":"echo"}}""");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var ended = await (await _gateway.GetAsync(workflow.Headers.Location!.OriginalString + "?waitMs=30000")).JsonAsync();
        await Eventually.Until(async () => (await (await _gateway.GetAsync($"/api/schedules/{schedule}")).JsonAsync()).GetProperty("lastTaskId").ValueKind,
            kind => kind == System.Text.Json.JsonValueKind.String, $"schedule {schedule} (every second) to have fired a task", TimeSpan.FromSeconds(20));
        await _gateway.DeleteAsync($"/api/schedules/{schedule}");

        Assert.Equal("Succeeded", ended.Str("status"));
        await AssertRedisRefusedOnlyConfigGetAsync();
    }

    [Fact]
    public async Task neither_password_reaches_the_logs_at_trace_level_from_start_up_through_a_tasks_run()
    {
        string id = await _gateway.SubmitAsync("""{"type":"echo"}""");
        Assert.Equal("Succeeded", (await (await _gateway.GetAsync($"/api/tasks/{id}?waitMs=30000")).JsonAsync()).Str("status"));

        var lines = fixture.Logs.Lines;

        // Orleans prints its options at start-up, the Redis configurations among them (redacted).
        Assert.Contains(lines, l => l.Contains("RedisReminderTableOptions", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"user={AclRedisBackend.SiloUser}", StringComparison.Ordinal));
        AssertNoneContains(lines, fixture.Redis.SiloPassword, fixture.Redis.GatewayPassword);
    }

    [Fact]
    public async Task a_silo_with_a_wrong_password_fails_to_start_saying_redis_refused_it_without_logging_the_password()
    {
        string wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string?>(fixture.SiloSettings.Concat(AclClusterFixture.TraceEverything))
        {
            ["Scheduler:Redis"] = fixture.Redis.ConnectionString(AclRedisBackend.SiloUser, wrong),
        };
        await using var silo = new SiloFactory(settings, AclClusterFixture.CaptureInto(logs));

        var refused = Assert.ThrowsAny<Exception>(() => silo.Start());

        Assert.Contains("WRONGPASS", refused.ToString(), StringComparison.Ordinal);
        AssertNoneContains([.. logs.Lines, refused.ToString()], wrong);
    }

    /// <summary>Redis refused no command, key or channel of the scheduler's but the CONFIG GET StackExchange.Redis sends when it connects (docs/security.md).</summary>
    private async Task AssertRedisRefusedOnlyConfigGetAsync()
    {
        var refusals = await fixture.Redis.RefusalsAsync();
        // StackExchange.Redis sends CONFIG GET on every connection: its refusal shows the log is read at all.
        Assert.Contains($"{AclRedisBackend.SiloUser} command config|get", refusals);
        Assert.All(refusals, r => Assert.Matches(@"^\S+ command config\|get$", r));
    }

    private static void AssertNoneContains(IReadOnlyList<string> lines, params string[] secrets)
    {
        var leaks = lines.Where(l => secrets.Any(s => l.Contains(s, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} of {lines.Count} log lines hold a password, e.g.:\n{string.Join("\n", leaks.Take(3))}");
    }
}
