using System.Net;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// The typed client's history, event stream, queue stats and limits calls against the real gateway:
/// what it sends is what the gateway takes, and what it reads is what the gateway writes.
/// </summary>
public sealed class SchedulerClientHistoryTests(InMemorySiloFixture silo) : IClassFixture<InMemorySiloFixture>
{
    private readonly SchedulerClient _client = silo.Client;

    private static string NewQueue() => "ch-" + Guid.NewGuid().ToString("N")[..12];

    private SiloFactory StartWorker(string queue) =>
        silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = queue },
                       services => services.AddTaskHandler<ChattyHandler>(ChattyHandler.Type));

    [Fact]
    public async Task the_client_reads_a_finished_task_s_attempts_events_progress_and_logs()
    {
        string queue = NewQueue();
        await using var worker = StartWorker(queue);
        var submitted = await _client.SubmitAsync(SubmitTaskRequest.Create(ChattyHandler.Type, new { progress = 100, message = "done" }) with { Queue = queue });
        await Eventually.Until(() => _client.GetAsync(submitted.Id), t => t?.Status == TaskState.Succeeded, $"task {submitted.Id} to succeed");
        var at = DateTimeOffset.UtcNow;
        await silo.Store.AppendLogsAsync([new Tasks.TaskLogEntry(submitted.Id, queue, 1, at, "Warning", "seeded line")]);

        var attempts = await _client.GetAttemptsAsync(submitted.Id);
        var events = await _client.GetTaskEventsAsync(submitted.Id);
        var progress = await _client.GetProgressAsync(submitted.Id);
        var logs = await _client.GetLogsAsync(submitted.Id);

        string siloId = worker.SiloId;
        var attempt = Assert.Single(attempts!);
        Assert.Equal((1, siloId, "succeeded", (string?)null), (attempt.Number, attempt.Silo, attempt.Outcome, attempt.Error));
        Assert.NotNull(attempt.FinishedAt);
        Assert.Equal(["submitted", "started", "succeeded"], events!.Select(e => e.Type));
        Assert.Equal([null, TaskState.Pending, TaskState.Running], events!.Select(e => e.From));
        Assert.Equal([TaskState.Pending, TaskState.Running, TaskState.Succeeded], events!.Select(e => e.To));
        Assert.All(events!, e => Assert.Equal((submitted.Id, queue), (e.TaskId, e.Queue)));
        Assert.Equal(new TaskProgressInfo(submitted.Id, TaskState.Succeeded, 100, "done"), progress);
        var seeded = Assert.Single(logs!, l => l.Message == "seeded line");
        Assert.Equal((1, "Warning"), (seeded.Attempt, seeded.Level));
        Assert.Equal(at.ToUnixTimeMilliseconds(), seeded.Time.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task the_history_of_an_unknown_task_reads_as_null()
    {
        Assert.Null(await _client.GetLogsAsync("NO-SUCH-TASK"));
        Assert.Null(await _client.GetAttemptsAsync("NO-SUCH-TASK"));
        Assert.Null(await _client.GetTaskEventsAsync("NO-SUCH-TASK"));
        Assert.Null(await _client.GetProgressAsync("NO-SUCH-TASK"));
    }

    [Fact]
    public async Task the_client_streams_a_queue_s_events_live_and_resumes_after_the_last_one_it_saw()
    {
        string queue = NewQueue();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var worker = StartWorker(queue);
        var seen = new List<TaskEventInfo>();
        string first = "";
        await using (var events = _client.StreamEventsAsync(queue, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token))
        {
            // The stream starts from the oldest event kept, so the submission may land before or after it opens.
            var next = events.MoveNextAsync();
            first = (await _client.SubmitAsync(new SubmitTaskRequest { Type = "echo", Queue = queue })).Id;
            while (await next)
            {
                seen.Add(events.Current);
                if (events.Current.Type == "succeeded") break;
                next = events.MoveNextAsync();
            }
        }
        string second = (await _client.SubmitAsync(new SubmitTaskRequest { Type = "echo", Queue = queue })).Id;
        var resumed = new List<TaskEventInfo>();
        await foreach (var e in _client.StreamEventsAsync(queue, seen[^1].Id, timeout.Token))
        {
            resumed.Add(e);
            if (e.Type == "succeeded") break;
        }

        Assert.Equal(["submitted", "started", "succeeded"], seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal(first, e.TaskId));
        Assert.Equal(["submitted", "started", "succeeded"], resumed.Select(e => e.Type));
        Assert.All(resumed, e => Assert.Equal(second, e.TaskId));
        Assert.Equal(TaskState.Succeeded, seen[^1].To);
        Assert.Equal(worker.SiloId, seen[^1].Silo);
    }

    [Fact]
    public async Task streaming_a_bad_queue_name_throws_the_400_problem()
    {
        var error = await Assert.ThrowsAsync<SchedulerApiException>(async () =>
        {
            await foreach (var _ in _client.StreamEventsAsync("bad queue")) { }
        });

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("queue", error.Errors.Keys);
    }

    [Fact]
    public async Task the_client_lists_and_gets_queue_stats_and_sets_and_gets_limits()
    {
        string queue = NewQueue();
        await _client.SubmitBatchAsync([new SubmitTaskRequest { Type = "echo", Queue = queue }, new SubmitTaskRequest { Type = "echo", Queue = queue, DelayMs = 600_000 }]);

        var set = await _client.SetQueueLimitsAsync(queue, new QueueLimitsInfo { MaxConcurrency = 5, RatePerSecond = 0.5 });
        var limits = await _client.GetQueueLimitsAsync(queue);
        var one = await _client.GetQueueAsync(queue);
        var all = await _client.ListQueuesAsync();

        Assert.Equal(new QueueLimitsInfo { MaxConcurrency = 5, RatePerSecond = 0.5 }, set);
        Assert.Equal(set, limits);
        Assert.NotNull(one);
        Assert.Equal(queue, one.Name);
        Assert.Equal(new QueueCountsInfo(Pending: 1, Scheduled: 1, Running: 0, Succeeded: 0, Failed: 0, Canceled: 0, Paused: 0, Waiting: 0), one.Counts);
        Assert.Equal(set, one.Limits);
        Assert.NotNull(one.OldestPendingAgeMs);
        Assert.Equal(one.Counts, Assert.Single(all, q => q.Name == queue).Counts);
        Assert.Equal(new QueueLimitsInfo(), await _client.SetQueueLimitsAsync(queue, new QueueLimitsInfo()));
    }

    [Fact]
    public async Task an_unknown_queue_reads_as_null_and_a_bad_limit_throws_a_400_naming_it()
    {
        string queue = NewQueue();

        Assert.Null(await _client.GetQueueAsync(queue));
        Assert.Null(await _client.GetQueueLimitsAsync(queue));
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.SetQueueLimitsAsync(queue, new QueueLimitsInfo { RatePerSecond = 0 }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["ratePerSecond"], error.Errors.Keys);
        Assert.Null(await _client.GetQueueAsync(queue));
    }

    [Fact]
    public async Task the_client_sends_an_idempotency_window_and_the_gateway_checks_it()
    {
        var request = new SubmitTaskRequest { Type = "echo", Queue = NewQueue(), IdempotencyKey = "window", IdempotencyWindowMs = 1000 };

        var first = await _client.SubmitAsync(request);
        var again = await _client.SubmitAsync(request);
        var later = await Eventually.Until(() => _client.SubmitAsync(request), s => s.Id != first.Id, "the key to be forgotten after its 1 s window", TimeSpan.FromSeconds(15));
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.SubmitAsync(request with { IdempotencyWindowMs = 10 }));

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, later.Id);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("idempotencyWindowMs", error.Errors.Keys);
    }
}
