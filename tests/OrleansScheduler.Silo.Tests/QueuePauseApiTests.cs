using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>Pausing and resuming a whole queue through the gateway, on both stores, with a worker silo serving only the test's own queue.</summary>
public abstract class QueuePauseApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "pq-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonElement> PostAsync(string path, HttpStatusCode expected)
    {
        var response = await _http.PostAsync(path, null);
        var answer = await response.JsonAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {answer}");
        return answer;
    }

    [Fact]
    public async Task a_paused_queue_runs_nothing_until_it_is_resumed()
    {
        string queue = NewQueue(), open = NewQueue();
        await using var worker = silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = queue, ["Scheduler:Queues:1"] = open });

        var paused = await PostAsync($"/api/queues/{queue}/pause", HttpStatusCode.OK);
        Assert.Equal(queue, paused.Str("queue"));
        Assert.True(paused.GetProperty("paused").GetBoolean());
        var list = await (await _http.GetAsync("/api/queues")).JsonAsync();
        Assert.Contains(queue, list.GetProperty("paused").EnumerateArray().Select(q => q.GetString()));

        var ids = await _http.SubmitBatchAsync([
            $$"""{"type":"echo","queue":"{{queue}}","payload":1}""",
            $$"""{"type":"echo","queue":"{{open}}","payload":2}""",
        ]);
        // The worker serves both queues in turn: once the open queue's task ran, it has looked at the paused one too.
        await _http.WaitForStatusAsync(ids[1], "Succeeded");
        Assert.Equal("Pending", (await _http.GetTaskAsync(ids[0])).Str("status"));

        var resumed = await PostAsync($"/api/queues/{queue}/resume", HttpStatusCode.OK);
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        await _http.WaitForStatusAsync(ids[0], "Succeeded");
        var after = await (await _http.GetAsync("/api/queues")).JsonAsync();
        Assert.DoesNotContain(queue, after.GetProperty("paused").EnumerateArray().Select(q => q.GetString()));
    }

    [Fact]
    public async Task pausing_a_queue_with_a_bad_name_is_a_400_naming_it()
    {
        var problem = await PostAsync("/api/queues/bad%20queue/pause", HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
    }
}
