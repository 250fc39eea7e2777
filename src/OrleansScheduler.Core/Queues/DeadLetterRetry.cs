using OrleansScheduler.Api;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Queues;

/// <summary>
/// Retries a queue's dead letters: its Failed tasks. The dead-letter set is not a separate store: it is
/// the queue's tasks in state Failed. Ids that are not Failed tasks of the queue are reported, not refused.
/// </summary>
public static class DeadLetterRetry
{
    /// <summary>Retries the Failed tasks of <paramref name="queue"/> named by <paramref name="ids"/>, or every one when it is null.</summary>
    public static async Task<DeadLetterRetryResult> RetryAsync(ITaskStore store, string queue, IReadOnlyList<string>? ids, CancellationToken cancellationToken = default)
    {
        var retried = new List<string>();
        var skipped = new List<SkippedTask>();
        if (ids is null) await RetryAllAsync(store, queue, retried, skipped, cancellationToken).ConfigureAwait(false);
        else
        {
            foreach (string id in ids)
            {
                var task = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (task is null) skipped.Add(NotFound(id));
                else if (task.Queue != queue)
                    skipped.Add(new SkippedTask(id, SkipReason.OtherQueue, $"Task '{id}' is in queue '{task.Queue}', not '{queue}'.", task.Queue, task.Status));
                else if (task.Status != TaskState.Failed) skipped.Add(NotFailed(id, task.Queue, task.Status));
                else await RetryOneAsync(store, id, queue, retried, skipped, cancellationToken).ConfigureAwait(false);
            }
        }
        return new DeadLetterRetryResult(retried, retried.Count, skipped);
    }

    /// <summary>
    /// Pages through the queue's Failed tasks and retries each. The cursor moves on by task id, so a
    /// retried task that fails again while this runs is not met a second time.
    /// </summary>
    private static async Task RetryAllAsync(ITaskStore store, string queue, List<string> retried, List<SkippedTask> skipped, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new TaskQuery { Queue = queue, Status = TaskState.Failed, Limit = TaskQuery.MaxLimit, Cursor = cursor }, cancellationToken)
                .ConfigureAwait(false);
            foreach (var task in page.Tasks) await RetryOneAsync(store, task.Id, queue, retried, skipped, cancellationToken).ConfigureAwait(false);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Retries a task just seen Failed in <paramref name="queue"/>; one that changed meanwhile is reported, not fatal.</summary>
    private static async Task RetryOneAsync(ITaskStore store, string id, string queue, List<string> retried, List<SkippedTask> skipped, CancellationToken cancellationToken)
    {
        try
        {
            await store.RetryAsync(id, cancellationToken).ConfigureAwait(false);
            retried.Add(id);
        }
        catch (TaskNotFoundException)
        {
            skipped.Add(NotFound(id));
        }
        catch (TaskStateConflictException conflict)
        {
            skipped.Add(NotFailed(id, queue, conflict.Actual));
        }
    }

    private static SkippedTask NotFound(string id) => new(id, SkipReason.NotFound, $"There is no task with id '{id}'.", null, null);

    private static SkippedTask NotFailed(string id, string queue, TaskState status) =>
        new(id, SkipReason.NotFailed, $"Task '{id}' in queue '{queue}' is {status}; only {TaskState.Failed} tasks are dead letters.", queue, status);
}
