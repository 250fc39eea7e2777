using OrleansScheduler.Handlers;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>How the engine stops: gracefully (drain, then hand back what outlives the drain timeout) or as a crash would (no drain, zombies left running).</summary>
public sealed class SiloWorkerStopTests
{
    private readonly InMemoryTaskStore _store = new();
    private readonly RecordingNotifier _notifier = new();

    [Fact]
    public async Task a_graceful_stop_hands_back_what_outlives_the_drain_timeout_without_counting_its_attempt()
    {
        await using var silo = WorkerHarness.Start(o => o.DrainTimeout = TimeSpan.FromMilliseconds(300), store: _store, notifier: _notifier);
        var id = (await _store.SubmitAsync([new TaskSubmission { Type = "sleep", Payload = "{\"ms\":600000}" }]))[0];
        await silo.WaitForStatusAsync(id, TaskState.Running);

        await silo.StopAsync(graceful: true);

        var task = (await _store.GetAsync(id))!;
        Assert.Equal((TaskState.Pending, 0), (task.Status, task.Attempt));
        Assert.Equal(0, silo.Worker.RunningCount);
        Assert.True(silo.Worker.IsDraining);
        Assert.False(silo.Worker.IsClaiming);
        Assert.Equal(["default"], _notifier.Queues);
    }

    [Fact]
    public async Task a_crash_stop_leaves_running_handlers_as_zombies_whose_outcomes_still_reach_the_store()
    {
        var release = new TaskCompletionSource();
        ZombieHandler.Release = release.Task;
        await using var silo = WorkerHarness.Start(handlers: h => h.AddHandler<ZombieHandler>("zombie"), store: _store, notifier: _notifier);
        var id = (await _store.SubmitAsync([new TaskSubmission { Type = "zombie" }]))[0];
        await silo.WaitForStatusAsync(id, TaskState.Running);

        await silo.StopAsync(graceful: false);

        Assert.False(silo.Worker.IsClaiming);
        Assert.False(silo.Worker.IsDraining);
        Assert.Equal(1, silo.Worker.RunningCount);
        Assert.Equal(TaskState.Running, (await _store.GetAsync(id))!.Status); // nothing handed back
        release.SetResult();
        var task = await silo.WaitForTerminalAsync(id);
        Assert.Equal((TaskState.Succeeded, "\"zombie done\""), (task.Status, task.Result));
        Assert.Empty(_notifier.Queues);
    }

    private sealed class ZombieHandler : ITaskHandler
    {
        public static Task Release { get; set; } = Task.CompletedTask;

        public async Task<object?> HandleAsync(TaskContext context)
        {
            await Release; // a crash stop fires no token; it would be ignored anyway
            return "zombie done";
        }
    }
}
