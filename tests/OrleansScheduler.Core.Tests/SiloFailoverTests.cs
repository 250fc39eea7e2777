using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Failover;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>A dead silo's failover: its work in every queue runs elsewhere, and the workers of the queues that got work back are woken.</summary>
public sealed class SiloFailoverTests
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly InMemoryTaskStore _store;
    private readonly RecordingNotifier _notifier = new();

    public SiloFailoverTests() => _store = new InMemoryTaskStore(_clock);

    private SiloFailover Failover(int maxFailovers = 3) =>
        new(_store, new SchedulerOptions { MaxFailovers = maxFailovers }, _notifier, NullLogger.Instance);

    private async Task<IReadOnlyList<ClaimedTask>> RunningOn(string silo, string queue, int count)
    {
        await _store.SubmitAsync([.. Enumerable.Range(0, count).Select(_ => new TaskSubmission { Type = "echo", Queue = queue })]);
        var claimed = (await _store.ClaimAsync(queue, silo, count)).Tasks;
        Assert.Equal(count, claimed.Count);
        return claimed;
    }

    [Fact]
    public async Task a_dead_silos_work_is_requeued_in_every_queue_and_only_the_queues_that_got_work_back_are_woken()
    {
        var lost = (await RunningOn("dead", "a", 2)).Concat(await RunningOn("dead", "b", 1)).ToList();
        var kept = await RunningOn("alive", "c", 1);

        var result = await Failover().RequeueAsync("dead", "killed");

        Assert.Equal(new FailoverResult(3, 0), result);
        foreach (var task in lost)
        {
            var record = (await _store.GetAsync(task.Id))!;
            Assert.Equal((TaskState.Pending, 1), (record.Status, record.Failovers));
        }
        Assert.Equal(TaskState.Running, (await _store.GetAsync(kept[0].Id))!.Status);
        Assert.Equal(["a", "b"], _notifier.Queues.Order());
        // Refused in every queue the store lists, also the one it ran nothing in.
        foreach (string queue in new[] { "a", "b", "c" }) Assert.True((await _store.ClaimAsync(queue, "dead", 10)).OwnerRequeued, queue);
    }

    [Fact]
    public async Task a_queue_whose_tasks_of_the_dead_silo_all_end_as_poison_is_not_woken()
    {
        var poisoned = Assert.Single(await RunningOn("dead", "a", 1));

        // MaxFailovers 0: the first failover of a task is already one too many.
        var result = await Failover(maxFailovers: 0).RequeueAsync("dead", "killed");

        Assert.Equal(new FailoverResult(0, 1), result);
        var record = (await _store.GetAsync(poisoned.Id))!;
        Assert.Equal(TaskState.Failed, record.Status);
        Assert.Contains("poison", record.Error);
        Assert.Empty(_notifier.Queues);
    }

    [Fact]
    public async Task failing_a_silo_over_again_finds_nothing_and_wakes_no_one()
    {
        await RunningOn("dead", "a", 1);
        await Failover().RequeueAsync("dead", "seen by one silo");

        var again = await Failover().RequeueAsync("dead", "seen by another");

        Assert.Equal(new FailoverResult(0, 0), again);
        Assert.Equal(["a"], _notifier.Queues);
    }
}
