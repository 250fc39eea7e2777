using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// The engine wakes itself: when an attempt's outcome is stored and when a retry falls due, it claims
/// again at once rather than at the next poll. Nobody else wakes it here (the harness's sweep tells no
/// one), and the poll interval is far longer than the tests may take.
/// </summary>
public sealed class SiloWorkerWakeUpTests
{
    private static readonly TimeSpan NoPoll = TimeSpan.FromMinutes(5), WellBeforeAPoll = TimeSpan.FromSeconds(30);

    // The store takes its time with outcomes, as a remote one does: a claim made the moment an
    // attempt ends still sees it Running.
    private readonly ITaskStore _store = new SlowOutcomesTaskStore(new InMemoryTaskStore(), TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task a_queue_limited_to_one_task_at_a_time_runs_its_tasks_back_to_back_without_waiting_for_a_poll()
    {
        await _store.SetQueueLimitsAsync("default", new QueueLimits { MaxConcurrency = 1 });
        var ids = await _store.SubmitAsync([.. Enumerable.Range(0, 4).Select(n => new TaskSubmission { Type = "echo", Payload = $"{n}" })]);
        await using var silo = WorkerHarness.Start(o => o.PollInterval = NoPoll, store: _store);

        var tasks = new List<TaskRecord>();
        foreach (string id in ids) tasks.Add(await silo.WaitForTerminalAsync(id, WellBeforeAPoll));

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        // One at a time, in submission order: each started after the one before had finished.
        for (int i = 1; i < tasks.Count; i++) Assert.True(tasks[i].StartedAt >= tasks[i - 1].FinishedAt, $"task {i} started {tasks[i].StartedAt:O}, the one before finished {tasks[i - 1].FinishedAt:O}");
    }

    [Fact]
    public async Task a_failed_attempt_with_a_retry_left_runs_again_at_its_due_time_without_waiting_for_a_poll()
    {
        await using var silo = WorkerHarness.Start(o => o.PollInterval = NoPoll, store: _store);
        var backoff = TimeSpan.FromMilliseconds(300);
        var id = (await _store.SubmitAsync([new TaskSubmission { Type = "fail", Payload = "{\"times\":1}", Backoff = backoff }]))[0];

        var task = await silo.WaitForTerminalAsync(id, WellBeforeAPoll);

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal(2, task.Attempt);
        var first = (await _store.GetAttemptsAsync(id))!.Single(a => a.Number == 1);
        // The first retry waits between half the backoff and all of it (jitter).
        Assert.True(task.StartedAt >= first.FinishedAt + backoff / 2, $"the retry started {task.StartedAt:O}, the first attempt failed {first.FinishedAt:O}, backoff {backoff}");
    }

    [Fact]
    public async Task a_delayed_task_runs_once_it_falls_due_without_waiting_for_a_poll()
    {
        await using var silo = WorkerHarness.Start(o => o.PollInterval = NoPoll, store: _store);
        // Due times are kept to the millisecond.
        var runAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMilliseconds(300).ToUnixTimeMilliseconds());
        var submitted = await _store.SubmitAsync([new TaskSubmission { Type = "echo", RunAt = runAt }]);
        // Its claim loop came up empty before the task existed: the submitter wakes the workers of an idle queue.
        Assert.Equal(["default"], submitted.IdleQueues);
        silo.Worker.Wake();
        string id = submitted[0];

        var task = await silo.WaitForTerminalAsync(id, WellBeforeAPoll);

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.True(task.StartedAt >= runAt, $"started {task.StartedAt:O}, due {runAt:O}");
    }
}
