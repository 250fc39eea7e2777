using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Server.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="ITaskGrain"/>: each call is one store transition or read on the task its key names. A
/// cancel also tells the silo that ran the task, one-way, so a running handler's token fires at once; a
/// resume or retry that makes the task Pending wakes its queue's workers.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
internal sealed class TaskGrain(ITaskStore store, TaskInfoReader reader, [FromKeyedServices(SchedulerClock.Key)] TimeProvider clock, SchedulerMetrics metrics)
    : Grain, ITaskGrain
{
    /// <summary>How often DeleteAsync cancels a task it found Running and tries again before it gives the conflict back (a retry may restart it meanwhile).</summary>
    private const int DeleteTries = 3;

    /// <summary>The first and the longest pause between two looks while waiting for the outcome.</summary>
    private static readonly TimeSpan FirstLook = TimeSpan.FromMilliseconds(10), LongestLook = TimeSpan.FromMilliseconds(250);

    private string Id => this.GetPrimaryKeyString();

    public Task<TaskInfo?> GetAsync() => reader.GetAsync(Id);

    public async Task<TaskInfo?> WaitForOutcomeAsync(TimeSpan maxWait)
    {
        var wait = maxWait < ITaskGrain.MaxWaitPerCall ? maxWait : ITaskGrain.MaxWaitPerCall;
        var until = clock.GetUtcNow() + wait;
        var pause = FirstLook;
        while (true)
        {
            var task = await store.GetAsync(Id);
            var left = until - clock.GetUtcNow();
            if (task is null || task.Status.IsTerminal() || left <= TimeSpan.Zero) return task?.ToInfo();
            await Task.Delay(pause < left ? pause : left, clock);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestLook.Ticks));
        }
    }

    public async Task<TaskInfo> CancelAsync() => (await CancelAndTellAsync()).ToInfo();

    public async Task<TaskInfo> PauseAsync() => (await store.PauseAsync(Id)).ToInfo();

    public async Task<TaskInfo> ResumeAsync() => WakeIfPending(await store.ResumeAsync(Id)).ToInfo();

    public async Task<TaskInfo> RetryAsync() => WakeIfPending(await store.RetryAsync(Id)).ToInfo();

    public async Task<TaskInfo> DeleteAsync()
    {
        for (int tries = 1; ; tries++)
        {
            try
            {
                return (await store.DeleteAsync(Id)).ToInfo();
            }
            catch (TaskStateConflictException conflict) when (conflict.Actual == TaskState.Running && tries < DeleteTries)
            {
                // The store deletes only what does not run; cancel it, then delete what is left.
                try
                {
                    await CancelAndTellAsync();
                }
                catch (TaskStateConflictException)
                {
                    // It finished between the two calls; deleting it now needs no cancel.
                }
            }
        }
    }

    public async Task<TaskProgressInfo?> GetProgressAsync() => (await store.GetAsync(Id))?.ToProgressInfo();

    public async Task<TaskLogs?> GetLogsAsync() =>
        await store.GetLogsAsync(Id) is { } lines ? new TaskLogs(Id, [.. lines.Select(TaskContracts.ToInfo)]) : null;

    public async Task<TaskAttempts?> GetAttemptsAsync() =>
        await store.GetAttemptsAsync(Id) is { } attempts ? new TaskAttempts(Id, [.. attempts.Select(TaskContracts.ToInfo)]) : null;

    public async Task<TaskEvents?> GetEventsAsync() =>
        await store.GetTaskEventsAsync(Id) is { } events ? new TaskEvents(Id, [.. events.Select(TaskContracts.ToInfo)]) : null;

    public async Task<ChildPageInfo?> GetChildrenAsync(int start, int limit) => (await store.GetChildrenAsync(Id, start, limit))?.ToInfo(start, limit);

    /// <summary>Cancels in the store, then tells the silo the task last ran on: if its attempt still runs there, its handler's token fires.</summary>
    private async Task<TaskRecord> CancelAndTellAsync()
    {
        var task = await store.CancelAsync(Id);
        metrics.Canceled(task.Queue, task.Type);
        // A task that never started has no attempt anywhere; one that ran before and waited since has none either,
        // which the silo finds out for itself.
        if (task.StartedAt is not null && task.Silo is { } silo) _ = GrainFactory.GetGrain<IWorkerGrain>(silo).CancelAttemptAsync(Id);
        return task;
    }

    private TaskRecord WakeIfPending(TaskRecord task)
    {
        if (task.Status == TaskState.Pending) _ = GrainFactory.GetGrain<IQueueGrain>(task.Queue).WakeWorkersAsync();
        return task;
    }
}
