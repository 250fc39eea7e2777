using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansScheduler.Families;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Handlers;

/// <summary>
/// What one attempt does with its family through <see cref="TaskContext"/>: spawning children (in store
/// calls of at most <see cref="TaskLimits.MaxBatchSize"/>, positions counted from 0 in each attempt so a
/// rerun finds the children of the first), reading them back in pages, and reading a workflow node's
/// dependencies. Children with a routing are placed by the silo's <see cref="TaskPlacer"/> first, as any
/// submission is.
/// </summary>
internal sealed class AttemptFamily(ClaimedTask task, ITaskStore store, IWorkNotifier notifier, int maxDepth, CancellationToken cancellationToken,
    TaskPlacer? placer = null)
{
    /// <summary>How many children one page of <see cref="TaskContext.Children"/> reads.</summary>
    public const int PageSize = 500;

    private readonly Lock _gate = new();
    private int _spawned;

    public async Task<IReadOnlyList<string>> SpawnAsync(IEnumerable<TaskSubmission> children, ChildFailurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(children);
        if (task.IsJoin) throw new NonRetryableTaskException($"Task '{task.Id}' is in its join step and cannot spawn children; spawn them from a child instead.");
        if (task.Depth + 1 > maxDepth)
            throw new NonRetryableTaskException($"Task '{task.Id}' is nested {task.Depth} deep; its children would pass the depth limit of {maxDepth} (Scheduler:MaxFamilyDepth).");
        var ids = new List<string>();
        foreach (var chunk in children.Chunk(TaskLimits.MaxBatchSize))
        {
            int first;
            lock (_gate)
            {
                first = _spawned;
                _spawned += chunk.Length;
            }
            var placed = await PlaceAsync(chunk).ConfigureAwait(false);
            var spawned = await store.SpawnChildrenAsync(new ChildSpawn(task.Id, task.Queue, task.Token, first, placed, policy), cancellationToken).ConfigureAwait(false);
            if (spawned.Outcome != OutcomeResult.Accepted)
                throw new OperationCanceledException($"Task '{task.Id}' could not spawn children: its attempt {task.Attempt} is no longer current ({spawned.Outcome}).");
            foreach (string queue in spawned.IdleQueues) notifier.WorkReady(queue);
            ids.AddRange(spawned.Ids);
        }
        return ids;
    }

    /// <summary>The children with the silos their routing names; a broadcast or sharded child cannot be placed (it would be a family itself).</summary>
    private async Task<IReadOnlyList<TaskSubmission>> PlaceAsync(TaskSubmission[] children)
    {
        if (placer is null) return children;
        try
        {
            return await placer.PlaceAsync(children, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException invalid)
        {
            throw new NonRetryableTaskException($"Task '{task.Id}' spawned children it cannot place: {invalid.Message}", invalid);
        }
    }

    public async Task<ChildPage> PageAsync(int start, int max) =>
        await store.GetChildrenAsync(task.Id, start, max, cancellationToken).ConfigureAwait(false)
        ?? throw new OperationCanceledException($"Task '{task.Id}' was deleted while its join step ran.");

    public async IAsyncEnumerable<ChildTask> AllAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        for (int start = 0; ; start += PageSize)
        {
            var page = await PageAsync(start, PageSize).ConfigureAwait(false);
            foreach (var child in page.Children) yield return child;
            if (start + PageSize >= page.Total) yield break;
            cancellation.ThrowIfCancellationRequested();
        }
    }

    public async Task<DependencyTask> DependencyAsync(string key)
    {
        if (task.Node is not { } node || !node.Dependencies.TryGetValue(key, out string? id))
        {
            string known = task.Node is { Dependencies.Count: > 0 } n ? string.Join(", ", n.Dependencies.Keys) : "none";
            throw new NonRetryableTaskException($"Task '{task.Id}' has no dependency '{key}'; its dependencies: {known}.");
        }
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new NonRetryableTaskException($"Dependency '{key}' (task '{id}') of task '{task.Id}' no longer exists.");
        return new DependencyTask(key, id, record.Status, record.Result, record.Error);
    }

    public static T? Deserialize<T>(string? json, string what, string taskId)
    {
        if (json is null) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            throw new NonRetryableTaskException($"The {what} of task '{taskId}' does not fit {typeof(T).Name}: {e.Message}", e);
        }
    }
}
