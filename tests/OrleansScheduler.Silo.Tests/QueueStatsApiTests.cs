using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>A queue's stats through <c>GET /api/queues</c> and <c>GET /api/queues/{name}</c>, on both stores (the subclasses).</summary>
public abstract class QueueStatsApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "qs-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonElement> GetOkAsync(string path)
    {
        var response = await _http.GetAsync(path);
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: expected 200, got {(int)response.StatusCode}: {body}");
        return body;
    }

    private static Dictionary<string, long> Counts(JsonElement stats) =>
        stats.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    [Fact]
    public async Task a_queue_answers_its_counts_per_state_its_oldest_pending_age_and_its_limits()
    {
        string queue = NewQueue();
        var ids = await _http.SubmitBatchAsync([
            $$"""{"type":"echo","queue":"{{queue}}"}""",
            $$"""{"type":"echo","queue":"{{queue}}"}""",
            $$"""{"type":"echo","queue":"{{queue}}"}""",
            $$"""{"type":"echo","queue":"{{queue}}"}""",
            $$"""{"type":"echo","queue":"{{queue}}","delayMs":600000}""",
        ]);
        await _http.PostAsync($"/api/tasks/{ids[2]}/pause", null);
        await _http.PostAsync($"/api/tasks/{ids[3]}/cancel", null);
        await _http.SendRawAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", "application/json", """{"maxConcurrency":2,"retentionSeconds":600}""");

        var stats = await GetOkAsync($"/api/queues/{queue}");

        Assert.Equal(queue, stats.Str("name"));
        Assert.False(stats.GetProperty("paused").GetBoolean());
        Assert.Equal(new Dictionary<string, long>
        {
            ["pending"] = 2, ["scheduled"] = 1, ["running"] = 0, ["succeeded"] = 0, ["failed"] = 0, ["canceled"] = 1, ["paused"] = 1, ["waiting"] = 0,
        }, Counts(stats));
        Assert.True(stats.GetProperty("oldestPendingAgeMs").GetInt64() >= 0, stats.ToString());
        Assert.Equal((0, 0), (stats.GetProperty("succeededLastMinute").GetInt64(), stats.GetProperty("failedLastMinute").GetInt64()));
        var limits = stats.GetProperty("limits");
        Assert.Equal((2, 600L), (limits.GetProperty("maxConcurrency").GetInt32(), limits.GetProperty("retentionSeconds").GetInt64()));
        Assert.Equal(JsonValueKind.Null, limits.GetProperty("ratePerSecond").ValueKind);
    }

    [Fact]
    public async Task the_queue_list_keeps_its_names_and_paused_lists_and_adds_each_queue_s_stats()
    {
        string queue = NewQueue(), paused = NewQueue();
        await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}"}""");
        await _http.PostAsync($"/api/queues/{paused}/pause", null);

        var list = await GetOkAsync("/api/queues");
        var one = await GetOkAsync($"/api/queues/{queue}");

        var names = list.GetProperty("queues").EnumerateArray().Select(q => q.GetString()!).ToList();
        Assert.Contains(queue, names);
        Assert.Contains(paused, list.GetProperty("paused").EnumerateArray().Select(q => q.GetString()));
        var stats = list.GetProperty("stats").EnumerateArray().ToList();
        Assert.Equal(names, stats.Select(s => s.Str("name")));
        var listed = stats.Single(s => s.Str("name") == queue);
        Assert.Equal(Counts(one), Counts(listed));
        Assert.Equal(1, Counts(listed)["pending"]);
        Assert.True(stats.Single(s => s.Str("name") == paused).GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task tasks_that_succeeded_or_failed_count_in_the_last_minute_and_nothing_pending_has_no_age()
    {
        string queue = NewQueue();
        await using var worker = silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = queue });
        var ids = await _http.SubmitBatchAsync([
            $$"""{"type":"echo","queue":"{{queue}}","payload":1}""",
            $$"""{"type":"echo","queue":"{{queue}}","payload":2}""",
            $$"""{"type":"fail","queue":"{{queue}}","payload":{"times":9},"maxAttempts":1}""",
        ]);
        await _http.WaitForStatusAsync(ids[1], "Succeeded");
        await _http.WaitForStatusAsync(ids[2], "Failed");

        var stats = await Eventually.Until(() => GetOkAsync($"/api/queues/{queue}"), s => Counts(s)["succeeded"] == 2, $"two succeeded tasks in {queue}");

        Assert.Equal((2, 1), (stats.GetProperty("succeededLastMinute").GetInt64(), stats.GetProperty("failedLastMinute").GetInt64()));
        Assert.Equal(1, Counts(stats)["failed"]);
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("oldestPendingAgeMs").ValueKind);
    }

    [Fact]
    public async Task a_queue_nothing_ever_named_is_a_404_problem_naming_it()
    {
        string queue = NewQueue();

        var response = await _http.GetAsync($"/api/queues/{queue}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(queue, problem.Str("detail"));
        Assert.Equal(queue, problem.Str("queue"));
    }
}
