using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using OrleansScheduler.Api;
using OrleansScheduler.Families;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Submissions;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="ISubmitterGrain"/>: a stateless worker, reentrant so one activation carries many submissions
/// at once. The silo's <see cref="SubmissionLanes"/> group concurrent small submissions to one queue into
/// one store call; a queue the store calls idle gets its workers woken (through its queue grain) once per call.
/// Routed tasks are placed first (<see cref="TaskPlacer"/>, from this silo's membership-and-load snapshot); a
/// broadcast or sharded task is stored as a parent with one child per silo or shard (<see cref="FanOut"/>). A submission
/// without a trace context takes the caller's current activity's (<see cref="SchedulerTracing.WithCurrentTrace"/>), and each
/// task the caller submitted counts once in <c>osched.tasks.submitted</c>.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class SubmitterGrain(SubmissionLanes lanes, ITaskStore store, TaskPlacer placer, [FromKeyedServices(SchedulerClock.Key)] TimeProvider clock,
    SchedulerMetrics metrics)
    : Grain, ISubmitterGrain
{
    public async Task<SubmittedTask> SubmitAsync(TaskSubmission task)
    {
        ArgumentNullException.ThrowIfNull(task);
        task = SchedulerTracing.WithCurrentTrace(task);
        if (await placer.FansOutAsync(task)) return Counted(await SubmitFannedOutAsync(task), [task]);
        var now = clock.GetUtcNow();
        var placed = await placer.PlaceAsync([task]);
        var stored = Wake(await lanes.SubmitAsync(placed));
        Count(placed);
        string id = stored[0];
        var status = task.RunAt > now ? TaskState.Scheduled : TaskState.Pending;
        // A keyed submission may have answered an earlier task's id: say where that task is, not where a new one would start.
        if (task.IdempotencyKey is not null && await store.GetAsync(id) is { } existing) status = existing.Status;
        return new SubmittedTask(id, status);
    }

    public async Task<SubmittedBatch> SubmitBatchAsync(IReadOnlyList<TaskSubmission> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks = [.. tasks.Select(SchedulerTracing.WithCurrentTrace)];
        for (int i = 0; i < tasks.Count; i++) await RefuseFanOutAsync(tasks[i], $"tasks[{i}].");
        var placed = await placer.PlaceAsync(tasks);
        var batch = new SubmittedBatch([.. Wake(await lanes.SubmitAsync(placed))]);
        Count(placed);
        return batch;
    }

    public async Task<SubmittedParentTask> SubmitFamilyAsync(TaskSubmission join, IReadOnlyList<TaskSubmission> children, ChildFailurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(join);
        join = SchedulerTracing.WithCurrentTrace(join);
        children = [.. children.Select(SchedulerTracing.WithCurrentTrace)];
        await RefuseFanOutAsync(join, "join.");
        for (int i = 0; i < children.Count; i++) await RefuseFanOutAsync(children[i], $"children[{i}].");
        var placedJoin = (await placer.PlaceAsync([join]))[0];
        var family = await store.SubmitFamilyAsync(new FamilySubmission(placedJoin, await placer.PlaceAsync(children), policy));
        foreach (string queue in family.IdleQueues) _ = GrainFactory.GetGrain<IQueueGrain>(queue).WakeWorkersAsync();
        // A repeat under the parent's idempotency key answers the family as it is now.
        var status = join.IdempotencyKey is not null && await store.GetAsync(family.ParentId) is { } existing ? existing.Status : TaskState.Waiting;
        Count([join, .. children]);
        return new SubmittedParentTask(family.ParentId, status, family.ChildIds);
    }

    private void Count(IEnumerable<TaskSubmission> tasks)
    {
        foreach (var task in tasks) metrics.Submitted(task);
    }

    private T Counted<T>(T submitted, IEnumerable<TaskSubmission> tasks)
    {
        Count(tasks);
        return submitted;
    }

    /// <summary>A broadcast or sharded task: a parent waiting for one child per silo or shard, and its group join.</summary>
    private async Task<SubmittedTask> SubmitFannedOutAsync(TaskSubmission task)
    {
        var family = await store.SubmitFamilyAsync(await placer.ExpandAsync(task));
        foreach (string queue in family.IdleQueues) _ = GrainFactory.GetGrain<IQueueGrain>(queue).WakeWorkersAsync();
        var status = task.IdempotencyKey is not null && await store.GetAsync(family.ParentId) is { } existing ? existing.Status : TaskState.Waiting;
        return new SubmittedTask(family.ParentId, status);
    }

    /// <summary>A batch stores its tasks all or nothing; a broadcast or sharded task is a family of its own, so it is submitted alone.</summary>
    private async Task RefuseFanOutAsync(TaskSubmission task, string field)
    {
        if (await placer.FansOutAsync(task))
            throw new ArgumentException($"{field}routing.strategy broadcast or sharding (its own or its queue's default) makes a parent with children: submit it on its own, not in a batch or a family.");
    }

    private SubmittedTasks Wake(SubmittedTasks stored)
    {
        foreach (string queue in stored.IdleQueues) _ = GrainFactory.GetGrain<IQueueGrain>(queue).WakeWorkersAsync();
        return stored;
    }
}
