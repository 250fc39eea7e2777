using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>A queue's limits through <c>/api/queues/{name}/limits</c>, and a running silo obeying them, on both stores (the subclasses).</summary>
public abstract class QueueLimitsApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "ql-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        var response = await _http.SendRawAsync(method, path, body is null ? null : "application/json", body);
        var answer = await response.JsonAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {answer}");
        return answer;
    }

    private static (int? MaxConcurrency, double? RatePerSecond, long? RetentionSeconds) Values(JsonElement limits) =>
        (limits.GetProperty("maxConcurrency").ValueKind == JsonValueKind.Null ? null : limits.GetProperty("maxConcurrency").GetInt32(),
         limits.GetProperty("ratePerSecond").ValueKind == JsonValueKind.Null ? null : limits.GetProperty("ratePerSecond").GetDouble(),
         limits.GetProperty("retentionSeconds").ValueKind == JsonValueKind.Null ? null : limits.GetProperty("retentionSeconds").GetInt64());

    [Fact]
    public async Task limits_put_through_the_api_answer_and_read_back_as_stored_and_register_the_queue()
    {
        string queue = NewQueue();

        var put = await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", """{"maxConcurrency":3,"ratePerSecond":2.5,"retentionSeconds":3600}""", HttpStatusCode.OK);
        var get = await SendAsync(HttpMethod.Get, $"/api/queues/{queue}/limits", null, HttpStatusCode.OK);

        Assert.Equal(queue, put.Str("queue"));
        Assert.Equal((3, 2.5, 3600L), Values(put));
        Assert.Equal((queue, Values(put)), (get.Str("queue"), Values(get)));
        var queues = await SendAsync(HttpMethod.Get, "/api/queues", null, HttpStatusCode.OK);
        Assert.Contains(queue, queues.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var limits = (await silo.Store.GetQueueLimitsAsync(queue));
        Assert.Equal((3, 2.5, TimeSpan.FromHours(1)), (limits.MaxConcurrency, limits.RatePerSecond, limits.Retention));
    }

    [Fact]
    public async Task a_put_replaces_the_limits_as_a_whole_and_an_empty_object_clears_them()
    {
        string queue = NewQueue();
        await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", """{"maxConcurrency":3,"ratePerSecond":2.5,"retentionSeconds":3600}""", HttpStatusCode.OK);

        var partial = await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", """{"ratePerSecond":0.5,"maxConcurrency":null}""", HttpStatusCode.OK);
        var cleared = await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", "{}", HttpStatusCode.OK);

        Assert.Equal((null, 0.5, null), Values(partial));
        Assert.Equal((null, null, null), Values(cleared));
        Assert.Equal(Storage.QueueLimits.None, await silo.Store.GetQueueLimitsAsync(queue));
    }

    [Fact]
    public async Task every_bad_limit_is_named_in_one_400_and_nothing_changes()
    {
        string queue = NewQueue();
        await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", """{"maxConcurrency":3}""", HttpStatusCode.OK);

        var problem = await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", """{"maxConcurrency":0,"ratePerSecond":-1,"retentionSeconds":0}""", HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        foreach (string field in new[] { "maxConcurrency", "ratePerSecond", "retentionSeconds" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} should be named: {problem}");
        Assert.Contains($"{TaskLimits.MaxQueueConcurrency}", errors.GetProperty("maxConcurrency")[0].GetString());
        Assert.Equal(3, (await silo.Store.GetQueueLimitsAsync(queue)).MaxConcurrency);
    }

    [Fact]
    public async Task max_concurrency_1_set_through_the_api_keeps_a_silo_with_four_slots_to_one_running_task()
    {
        string queue = NewQueue();
        await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/limits", """{"maxConcurrency":1}""", HttpStatusCode.OK);
        var ids = await _http.SubmitBatchAsync(Enumerable.Range(0, 4).Select(_ => $$"""{"type":"sleep","queue":"{{queue}}","payload":{"ms":150} }"""));
        await using var worker = silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = queue, ["Scheduler:Capacity"] = "4" });

        long mostRunning = 0;
        await Eventually.Until(async () =>
        {
            var stats = await SendAsync(HttpMethod.Get, $"/api/queues/{queue}", null, HttpStatusCode.OK);
            mostRunning = Math.Max(mostRunning, stats.GetProperty("counts").GetProperty("running").GetInt64());
            return stats.GetProperty("counts").GetProperty("succeeded").GetInt64();
        }, succeeded => succeeded == ids.Count, $"all {ids.Count} sleep tasks of {queue} to succeed");

        Assert.True(mostRunning <= 1, $"{mostRunning} tasks of {queue} ran at once");
        // Sampling can miss an overlap; the attempts' own times cannot: each starts after the one before it finished.
        var runs = new List<(DateTimeOffset Start, DateTimeOffset Finish)>();
        foreach (string id in ids)
        {
            var attempt = (await SendAsync(HttpMethod.Get, $"/api/tasks/{id}/attempts", null, HttpStatusCode.OK)).GetProperty("attempts")[0];
            runs.Add((attempt.GetProperty("startedAt").GetDateTimeOffset(), attempt.GetProperty("finishedAt").GetDateTimeOffset()));
        }
        runs.Sort();
        for (int i = 1; i < runs.Count; i++)
            Assert.True(runs[i].Start >= runs[i - 1].Finish, $"run {i} started at {runs[i].Start:O}, before run {i - 1} finished at {runs[i - 1].Finish:O}");
    }
}
