using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using OrleansScheduler.Api;
using OrleansScheduler.Families;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;
using OrleansScheduler.Submissions;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="ISubmitterGrain"/>: a stateless worker, reentrant so one activation carries many submissions
/// at once. The silo's <see cref="SubmissionLanes"/> group concurrent small submissions to one queue into
/// one store call; a queue the store calls idle gets its workers woken (through its queue grain) once per call.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class SubmitterGrain(SubmissionLanes lanes, ITaskStore store, [FromKeyedServices(SchedulerClock.Key)] TimeProvider clock)
    : Grain, ISubmitterGrain
{
    public async Task<SubmittedTask> SubmitAsync(TaskSubmission task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var now = clock.GetUtcNow();
        var stored = Wake(await lanes.SubmitAsync([task]));
        string id = stored[0];
        var status = task.RunAt > now ? TaskState.Scheduled : TaskState.Pending;
        // A keyed submission may have answered an earlier task's id: say where that task is, not where a new one would start.
        if (task.IdempotencyKey is not null && await store.GetAsync(id) is { } existing) status = existing.Status;
        return new SubmittedTask(id, status);
    }

    public async Task<SubmittedBatch> SubmitBatchAsync(IReadOnlyList<TaskSubmission> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return new SubmittedBatch([.. Wake(await lanes.SubmitAsync(tasks))]);
    }

    public async Task<SubmittedParentTask> SubmitFamilyAsync(TaskSubmission join, IReadOnlyList<TaskSubmission> children, ChildFailurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(join);
        var family = await store.SubmitFamilyAsync(new FamilySubmission(join, children, policy));
        foreach (string queue in family.IdleQueues) _ = GrainFactory.GetGrain<IQueueGrain>(queue).WakeWorkersAsync();
        // A repeat under the parent's idempotency key answers the family as it is now.
        var status = join.IdempotencyKey is not null && await store.GetAsync(family.ParentId) is { } existing ? existing.Status : TaskState.Waiting;
        return new SubmittedParentTask(family.ParentId, status, family.ChildIds);
    }

    private SubmittedTasks Wake(SubmittedTasks stored)
    {
        foreach (string queue in stored.IdleQueues) _ = GrainFactory.GetGrain<IQueueGrain>(queue).WakeWorkersAsync();
        return stored;
    }
}
