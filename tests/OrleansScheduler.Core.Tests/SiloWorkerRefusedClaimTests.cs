using OrleansScheduler.Handlers;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// A claim the store refuses (<c>ClaimBatch.Refused</c>: it requeued this silo's work, so the cluster
/// declared it dead) makes the engine stop claiming for good and give up what it runs: what the
/// failover has not reached yet is handed back, and every handler's token fires.
/// </summary>
public sealed class SiloWorkerRefusedClaimTests
{
    private readonly InMemoryTaskStore _store = new();
    private readonly RecordingNotifier _notifier = new();

    /// <summary>Makes the store list <paramref name="queue"/> (a failover requeues only queues the store lists) with nothing to claim yet.</summary>
    private Task ListAsync(string queue) =>
        _store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = queue, RunAt = DateTimeOffset.UtcNow.AddHours(1) }]);

    private WorkerHarness Start() =>
        WorkerHarness.Start(o => o.Queues = ["a", "b"], h => h.AddHandler<HoldHandler>("hold"), _store, notifier: _notifier);

    [Fact]
    public async Task a_refused_claim_stops_claiming_hands_the_running_attempts_back_and_fires_their_tokens()
    {
        await ListAsync("b");
        await using var silo = Start();
        var id = (await _store.SubmitAsync([new TaskSubmission { Type = "hold", Queue = "a" }]))[0];
        await silo.WaitForStatusAsync(id, TaskState.Running);
        Assert.True(silo.Worker.IsClaiming);

        // The failover reached queue b first; the silo's next claim there is refused.
        await _store.RequeueSiloTasksAsync("b", WorkerHarness.DefaultSiloId, maxFailovers: 3);
        silo.Worker.Wake();

        await Eventually.Until(() => Task.FromResult(silo.Worker.WasRequeued), r => r, "the engine to hear its claim refused");
        Assert.False(silo.Worker.IsClaiming);
        // Handed back without counting the attempt, so it runs again at once elsewhere; the handler was stopped.
        var task = await silo.WaitForStatusAsync(id, TaskState.Pending);
        Assert.Equal((0, 0), (task.Attempt, task.Failovers));
        await Eventually.Until(() => Task.FromResult(silo.Worker.RunningCount), n => n == 0, "the handler to stop");
        Assert.Equal(["a"], _notifier.Queues);
    }

    [Fact]
    public async Task an_engine_whose_claim_was_refused_leaves_new_work_to_other_silos()
    {
        await ListAsync("a");
        await using var silo = Start();
        await _store.RequeueSiloTasksAsync("a", WorkerHarness.DefaultSiloId, maxFailovers: 3);
        silo.Worker.Wake();
        await Eventually.Until(() => Task.FromResult(silo.Worker.WasRequeued), r => r, "the engine to hear its claim refused");

        var id = (await _store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = "b" }]))[0];
        silo.Worker.Wake();
        await using var other = WorkerHarness.Start(o => o.Queues = ["a", "b"], store: _store, siloId: "other-silo");

        var task = await other.WaitForTerminalAsync(id);
        Assert.Equal(("other-silo", TaskState.Succeeded), (task.Silo, task.Status));
        Assert.False(silo.Worker.IsClaiming);
    }

    /// <summary>Runs until its token fires.</summary>
    private sealed class HoldHandler : ITaskHandler
    {
        public async Task<object?> HandleAsync(TaskContext context)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return null;
        }
    }
}
