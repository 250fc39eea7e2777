using OrleansScheduler.Grains;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// The store calls a workflow grain makes on its nodes, each tolerant of a node that moved on meanwhile (a
/// second activation, a user acting on the task, a notice told twice): every call answers the node as the store
/// holds it afterwards, or null when it is gone.
/// </summary>
internal sealed class WorkflowNodeStore(ITaskStore store, TaskPlacer placer, IWorkNotifier notifier, IGrainFactory grains)
{
    /// <summary>How many submissions go to the store in one call.</summary>
    private const int SubmitChunk = 1000;

    /// <summary>How many reads are in flight at once.</summary>
    private const int ReadsInFlight = 256;

    /// <summary>How often a delete cancels a node it found Running and tries again (a retry may restart it meanwhile).</summary>
    private const int DeleteTries = 3;

    /// <summary>The nodes' tasks by id; a missing one is left out.</summary>
    public async Task<Dictionary<string, TaskRecord>> ReadAsync(IEnumerable<string> ids)
    {
        var found = new Dictionary<string, TaskRecord>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(ReadsInFlight))
        {
            foreach (var task in await Task.WhenAll(chunk.Select(id => store.GetAsync(id))))
            {
                if (task is not null) found[task.Id] = task;
            }
        }
        return found;
    }

    /// <summary>Stores the nodes that are not in the store yet (a first submission, or one a crash cut short) and wakes their queues.</summary>
    public async Task SubmitAsync(IReadOnlyList<TaskSubmission> nodes)
    {
        foreach (var chunk in nodes.Chunk(SubmitChunk))
        {
            IReadOnlyList<TaskSubmission> missing = chunk;
            try
            {
                Wake((await store.SubmitAsync(await placer.PlaceAsync(missing))).IdleQueues);
            }
            catch (TaskAlreadyExistsException)
            {
                // An earlier activation stored part of them before it stopped: store the rest.
                var stored = await ReadAsync(chunk.Select(n => n.Id!));
                missing = [.. chunk.Where(n => !stored.ContainsKey(n.Id!))];
                if (missing.Count > 0) Wake((await store.SubmitAsync(await placer.PlaceAsync(missing))).IdleQueues);
            }
        }
    }

    /// <summary>Releases a Waiting node; its queue is woken by <see cref="Wake"/> once the caller has released all it will.</summary>
    public async Task<TaskRecord?> ReleaseAsync(string id)
    {
        try
        {
            return await store.UnblockAsync(id);
        }
        catch (Exception e) when (e is TaskStateConflictException or TaskNotFoundException)
        {
            return await store.GetAsync(id);
        }
    }

    /// <summary>Cancels a node that is not terminal with <paramref name="reason"/>; a handler running it is told, so its token fires.</summary>
    public async Task<TaskRecord?> CancelAsync(string id, string reason)
    {
        try
        {
            var task = await store.CancelAsync(id, reason);
            if (task.StartedAt is not null && task.Silo is { } silo) _ = grains.GetGrain<IWorkerGrain>(silo).CancelAttemptAsync(id);
            return task;
        }
        catch (Exception e) when (e is TaskStateConflictException or TaskNotFoundException)
        {
            return await store.GetAsync(id);
        }
    }

    /// <summary>Runs a Failed or Canceled node again: Pending (its queue woken), or Waiting when it has dependencies.</summary>
    public async Task<TaskRecord?> RetryAsync(string id)
    {
        try
        {
            var task = await store.RetryAsync(id);
            if (task.Status == TaskState.Pending) notifier.WorkReady(task.Queue);
            return task;
        }
        catch (Exception e) when (e is TaskStateConflictException or TaskNotFoundException)
        {
            return await store.GetAsync(id);
        }
    }

    /// <summary>Deletes a node, canceling it first while it runs or waits.</summary>
    public async Task DeleteAsync(string id, string reason)
    {
        for (int tries = 1; ; tries++)
        {
            var task = await store.GetAsync(id);
            if (task is null) return;
            if (task.Status is TaskState.Running or TaskState.Waiting) await CancelAsync(id, reason);
            try
            {
                await store.DeleteAsync(id);
                return;
            }
            catch (TaskNotFoundException)
            {
                return;
            }
            catch (TaskStateConflictException) when (tries < DeleteTries)
            {
                // Claimed between the read and the delete: cancel it and try again.
            }
        }
    }

    /// <summary>Tells the workers of <paramref name="queues"/> that work is ready.</summary>
    public void Wake(IEnumerable<string> queues)
    {
        foreach (string queue in queues.Distinct(StringComparer.Ordinal)) notifier.WorkReady(queue);
    }
}
