using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>One sweep of a queue: due tasks become Pending (and its workers hear of it), attempts past their deadline time out, old finished tasks go.</summary>
public sealed class QueueSweeperTests
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly InMemoryTaskStore _store;
    private readonly RecordingNotifier _notifier = new();
    private readonly QueueSweeper _sweeper;

    public QueueSweeperTests()
    {
        _store = new InMemoryTaskStore(_clock);
        _sweeper = new QueueSweeper(_store, _notifier, NullLogger.Instance);
    }

    [Fact]
    public async Task a_due_scheduled_task_becomes_pending_and_its_queues_workers_are_woken_once()
    {
        var id = (await _store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = "q", RunAt = _clock.GetUtcNow().AddSeconds(10) }]))[0];

        await _sweeper.SweepAsync("q");
        Assert.Equal(TaskState.Scheduled, (await _store.GetAsync(id))!.Status);
        Assert.Empty(_notifier.Queues);

        _clock.Advance(TimeSpan.FromSeconds(10));
        await _sweeper.SweepAsync("q");
        await _sweeper.SweepAsync("q");

        Assert.Equal(TaskState.Pending, (await _store.GetAsync(id))!.Status);
        Assert.Equal(["q"], _notifier.Queues);
    }

    [Fact]
    public async Task an_attempt_past_its_deadline_times_out_and_its_late_completion_is_rejected()
    {
        await _store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = "q", Timeout = TimeSpan.FromSeconds(5), MaxAttempts = 1 }]);
        var claimed = Assert.Single((await _store.ClaimAsync("q", "silo-a", 1)).Tasks);

        _clock.Advance(TimeSpan.FromSeconds(4));
        await _sweeper.SweepAsync("q");
        Assert.Equal(TaskState.Running, (await _store.GetAsync(claimed.Id))!.Status);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await _sweeper.SweepAsync("q");

        var task = (await _store.GetAsync(claimed.Id))!;
        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Contains("timed out after 5000 ms", task.Error);
        Assert.NotEqual(OutcomeResult.Accepted, Assert.Single(await _store.CompleteAsync([new TaskCompletion(claimed.Id, "q", claimed.Token, "\"late\"")])));
    }

    [Fact]
    public async Task a_finished_task_past_its_queues_retention_is_removed_and_a_newer_one_is_kept()
    {
        await _store.SetQueueLimitsAsync("q", new QueueLimits { Retention = TimeSpan.FromSeconds(10) });
        string old = await FinishedAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        string newer = await FinishedAsync();

        _clock.Advance(TimeSpan.FromSeconds(5));
        await _sweeper.SweepAsync("q");

        Assert.Null(await _store.GetAsync(old));
        Assert.Equal(TaskState.Succeeded, (await _store.GetAsync(newer))!.Status);
    }

    private async Task<string> FinishedAsync()
    {
        await _store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = "q" }]);
        var claimed = Assert.Single((await _store.ClaimAsync("q", "silo-a", 1)).Tasks);
        Assert.Equal([OutcomeResult.Accepted], await _store.CompleteAsync([new TaskCompletion(claimed.Id, "q", claimed.Token, "null")]));
        return claimed.Id;
    }
}
