using System.Diagnostics;
using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

public sealed class RunningTaskCancellationTests
{
    /// <summary>Cancels as the task grain does: in the store, then a message to the silo the task ran on.</summary>
    private static async Task<TaskRecord> CancelAndTellAsync(WorkerHarness silo, string id)
    {
        var canceled = await silo.Store.CancelAsync(id);
        silo.Worker.Cancel(id);
        return canceled;
    }

    [Fact]
    public async Task canceling_a_running_task_fires_its_handlers_token_within_a_second_and_frees_the_slot()
    {
        var fired = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        WatchingHandler.Started = started;
        WatchingHandler.Fired = fired;
        // The periodic check alone would take a minute: only the message can fire the token in time.
        await using var silo = WorkerHarness.Start(o => o.AttemptCheckInterval = TimeSpan.FromMinutes(1), h => h.AddHandler<WatchingHandler>("watch"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "watch" }]))[0];
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        WatchingHandler.CanceledAt = Stopwatch.StartNew();
        var canceled = await CancelAndTellAsync(silo, id);

        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.InRange(await fired.Task.WaitAsync(TimeSpan.FromSeconds(10)), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await Eventually.Until(() => Task.FromResult(silo.Worker.RunningCount), n => n == 0, "the slot to be free");
        Assert.Equal(TaskState.Canceled, (await silo.Store.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task a_cancel_whose_message_never_came_fires_the_token_at_the_periodic_check()
    {
        var fired = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        WatchingHandler.Started = started;
        WatchingHandler.Fired = fired;
        await using var silo = WorkerHarness.Start(o => o.AttemptCheckInterval = TimeSpan.FromMilliseconds(300), h => h.AddHandler<WatchingHandler>("watch"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "watch" }]))[0];
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Canceled in the store only, as when the message to the silo was lost.
        WatchingHandler.CanceledAt = Stopwatch.StartNew();
        await silo.Store.CancelAsync(id);

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.Until(() => Task.FromResult(silo.Worker.RunningCount), n => n == 0, "the slot to be free");
        Assert.Equal(TaskState.Canceled, (await silo.Store.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task a_handler_whose_attempt_was_replaced_without_a_message_is_stopped_by_the_periodic_check()
    {
        var fired = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        WatchingHandler.Started = started;
        WatchingHandler.Fired = fired;
        // Full with one attempt, so it claims nothing (and hears no refusal) while the handler runs.
        await using var silo = WorkerHarness.Start(o => o.Capacity = 1, h => h.AddHandler<WatchingHandler>("watch"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "watch" }]))[0];
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var running = (await silo.Store.GetAsync(id))!;

        // A failover bumps the token and tells nobody: only the periodic check can notice.
        WatchingHandler.CanceledAt = Stopwatch.StartNew();
        await silo.Store.RequeueSiloTasksAsync("default", running.Silo!, maxFailovers: 3);

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task a_handler_that_ignores_cancellation_is_abandoned_after_the_grace_period()
    {
        var release = new TaskCompletionSource();
        StubbornHandler.Release = release.Task;
        await using var silo = WorkerHarness.Start(o => o.CancellationGracePeriod = TimeSpan.FromMilliseconds(300),
            h => h.AddHandler<StubbornHandler>("stubborn"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "stubborn" }]))[0];
        await Eventually.Until(() => Task.FromResult(silo.Worker.RunningCount), n => n == 1, "the handler to start");

        await CancelAndTellAsync(silo, id);

        await Eventually.Until(() => Task.FromResult(silo.Worker.RunningCount), n => n == 0, "the stubborn handler's slot to be freed");
        Assert.False(release.Task.IsCompleted);
        release.SetResult();
        Assert.Equal(TaskState.Canceled, (await silo.Store.GetAsync(id))!.Status);
    }

    private sealed class WatchingHandler : ITaskHandler
    {
        public static TaskCompletionSource Started { get; set; } = new();
        public static TaskCompletionSource<TimeSpan> Fired { get; set; } = new();
        public static Stopwatch CanceledAt { get; set; } = new();

        public async Task<object?> HandleAsync(TaskContext context)
        {
            using var registration = context.CancellationToken.Register(() => Fired.TrySetResult(CanceledAt.Elapsed));
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return null;
        }
    }

    private sealed class StubbornHandler : ITaskHandler
    {
        public static Task Release { get; set; } = Task.CompletedTask;

        public async Task<object?> HandleAsync(TaskContext context)
        {
            await Release; // deliberately ignores context.CancellationToken
            return null;
        }
    }
}
