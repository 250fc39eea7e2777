using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// A queue's dead letters (its Failed tasks) listed and retried through the gateway, on both
/// stores. Each test makes Failed tasks in queues of its own with a worker silo that serves only
/// those queues (<c>fail</c> with more failures than attempts), and stops the worker before
/// retrying, so retried tasks stay Pending where the test can see them.
/// </summary>
public abstract class DeadLetterApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "dl-" + Guid.NewGuid().ToString("N")[..12];

    private static string Failing(string queue) => $$"""{"type":"fail","queue":"{{queue}}","payload":{"times":9},"maxAttempts":1}""";

    private static string Echo(string queue) => $$"""{"type":"echo","queue":"{{queue}}","payload":"fine"}""";

    /// <summary>A worker serving <paramref name="queues"/> and nothing else; dispose it to stop it.</summary>
    private SiloFactory StartWorker(params string[] queues) =>
        silo.StartSilo(queues.Select((q, i) => KeyValuePair.Create($"Scheduler:Queues:{i}", (string?)q)).ToDictionary());

    private async Task<List<JsonElement>> DeadLettersAsync(string queue, string query = "") =>
        [.. (await (await _http.GetAsync($"/api/queues/{queue}/dead-letter{query}")).JsonAsync()).GetProperty("tasks").EnumerateArray()];

    private Task WaitForDeadLettersAsync(string queue, int count) =>
        Eventually.Until(() => DeadLettersAsync(queue, "?limit=1000"), tasks => tasks.Count == count, $"{count} Failed tasks in queue {queue}");

    private async Task<JsonElement> RetryAsync(string queue, string? body)
    {
        var response = body is null
            ? await _http.PostAsync($"/api/queues/{queue}/dead-letter/retry", null)
            : await _http.PostJsonAsync($"/api/queues/{queue}/dead-letter/retry", body);
        var answer = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {answer}");
        return answer;
    }

    private static List<string> Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task the_dead_letter_lists_only_the_queues_failed_tasks_with_their_last_error_page_by_page()
    {
        string queue = NewQueue(), other = NewQueue();
        await using var worker = StartWorker(queue, other);
        var ids = await _http.SubmitBatchAsync([.. Enumerable.Repeat(Failing(queue), 5), Echo(queue), Failing(other)]);
        await WaitForDeadLettersAsync(queue, 5);
        await WaitForDeadLettersAsync(other, 1);
        await _http.WaitForStatusAsync(ids[5], "Succeeded");

        var seen = new List<JsonElement>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = await (await _http.GetAsync($"/api/queues/{queue}/dead-letter?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
            var tasks = page.GetProperty("tasks").EnumerateArray().ToList();
            pageSizes.Add(tasks.Count);
            seen.AddRange(tasks);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pageSizes.Count < 10);

        Assert.Equal(ids[..5], seen.Select(t => t.Str("id")));
        Assert.Equal([2, 2, 1], pageSizes);
        Assert.All(seen, t => Assert.Equal("Failed", t.Str("status")));
        Assert.All(seen, t => Assert.Contains("fails on purpose", t.Str("error")));
        Assert.All(seen, t => Assert.Equal(queue, t.Str("queue")));
    }

    [Fact]
    public async Task retrying_without_a_body_retries_every_failed_task_of_the_queue_and_nothing_else()
    {
        string queue = NewQueue(), other = NewQueue();
        List<string> ids;
        await using (StartWorker(queue, other))
        {
            ids = await _http.SubmitBatchAsync([Failing(queue), Echo(queue), Failing(queue), Failing(queue), Failing(other)]);
            await WaitForDeadLettersAsync(queue, 3);
            await WaitForDeadLettersAsync(other, 1);
            await _http.WaitForStatusAsync(ids[1], "Succeeded");
        }

        var answer = await RetryAsync(queue, body: null);

        Assert.Equal([ids[0], ids[2], ids[3]], Ids(answer.GetProperty("retried")));
        Assert.Equal(3, answer.GetProperty("count").GetInt32());
        Assert.Empty(answer.GetProperty("skipped").EnumerateArray());
        foreach (string id in new[] { ids[0], ids[2], ids[3] })
        {
            var task = await _http.GetTaskAsync(id);
            Assert.Equal("Pending", task.Str("status"));
            Assert.Equal(0, task.GetProperty("attempt").GetInt32());
            Assert.Contains("fails on purpose", task.Str("error"));
        }
        Assert.Equal("Succeeded", (await _http.GetTaskAsync(ids[1])).Str("status"));
        Assert.Equal("Failed", (await _http.GetTaskAsync(ids[4])).Str("status"));
        Assert.Empty(await DeadLettersAsync(queue));
        Assert.Equal(0, (await RetryAsync(queue, "{}")).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task retrying_given_ids_retries_the_failed_ones_and_reports_each_other_id_with_why()
    {
        string queue = NewQueue(), other = NewQueue();
        List<string> ids;
        await using (StartWorker(queue, other))
        {
            ids = await _http.SubmitBatchAsync([Failing(queue), Failing(queue), Echo(queue), Failing(other), Failing(queue)]);
            await WaitForDeadLettersAsync(queue, 3);
            await WaitForDeadLettersAsync(other, 1);
            await _http.WaitForStatusAsync(ids[2], "Succeeded");
        }

        var answer = await RetryAsync(queue, $$"""{"ids":["{{ids[0]}}","{{ids[2]}}","no-such-task","{{ids[3]}}","{{ids[4]}}"]}""");

        Assert.Equal([ids[0], ids[4]], Ids(answer.GetProperty("retried")));
        Assert.Equal(2, answer.GetProperty("count").GetInt32());
        var skipped = answer.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.Str("id"));
        Assert.Equal([ids[2], "no-such-task", ids[3]], skipped.Keys);
        Assert.Equal("NotFailed", skipped[ids[2]].Str("reason"));
        Assert.Equal("Succeeded", skipped[ids[2]].Str("taskStatus"));
        Assert.Equal(queue, skipped[ids[2]].Str("queue"));
        Assert.Equal("NotFound", skipped["no-such-task"].Str("reason"));
        Assert.Equal(JsonValueKind.Null, skipped["no-such-task"].GetProperty("taskStatus").ValueKind);
        Assert.Equal("OtherQueue", skipped[ids[3]].Str("reason"));
        Assert.Equal(other, skipped[ids[3]].Str("queue"));
        Assert.All(skipped.Values, s => Assert.Contains(s.Str("id"), s.Str("detail")));
        Assert.Equal("Pending", (await _http.GetTaskAsync(ids[0])).Str("status"));
        Assert.Equal("Failed", (await _http.GetTaskAsync(ids[1])).Str("status"));
        Assert.Equal("Failed", (await _http.GetTaskAsync(ids[3])).Str("status"));
    }

    [Fact]
    public async Task retrying_every_failed_task_pages_through_more_than_one_store_page()
    {
        const int count = 1005; // a store page holds 1000
        string queue = NewQueue();
        List<string> ids;
        await using (StartWorker(queue))
        {
            ids = [.. await _http.SubmitBatchAsync(Enumerable.Repeat(Failing(queue), 1000)), .. await _http.SubmitBatchAsync(Enumerable.Repeat(Failing(queue), count - 1000))];
            await Eventually.Until(() => silo.Store.AllTasksAsync(queue), tasks => tasks.All(t => t.Status == Tasks.TaskState.Failed), $"all {count} tasks of {queue} to be Failed");
        }

        var answer = await RetryAsync(queue, body: null);

        Assert.Equal(count, answer.GetProperty("count").GetInt32());
        Assert.Equal(ids, Ids(answer.GetProperty("retried")));
        Assert.All(await silo.Store.AllTasksAsync(queue), t => Assert.Equal(Tasks.TaskState.Pending, t.Status));
    }
}
