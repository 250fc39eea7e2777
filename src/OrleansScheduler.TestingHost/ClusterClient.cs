using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.TestingHost;

/// <summary>
/// The test cluster's client: a thin layer over the task store and the membership table every
/// silo of the cluster shares, with no gateway in between. It lives as long as the cluster, so
/// it still answers after any silo was stopped or killed.
/// </summary>
public sealed class ClusterClient
{
    internal ClusterClient(ITaskStore taskStore, IClusterStore clusterStore, IScheduleStore scheduleStore)
    {
        TaskStore = taskStore;
        ClusterStore = clusterStore;
        Schedules = scheduleStore;
    }

    /// <summary>The task store the silos share, for what the client does not wrap.</summary>
    public ITaskStore TaskStore { get; }

    /// <summary>The membership table and leases the silos share, e.g. to request a drain or declare a silo dead.</summary>
    public IClusterStore ClusterStore { get; }

    /// <summary>The cron schedules the silos share: create, list and delete them; the scheduler role fires them.</summary>
    public IScheduleStore Schedules { get; }

    /// <summary>Submits one task and returns its id.</summary>
    public async Task<string> SubmitAsync(TaskSubmission task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var ids = await TaskStore.SubmitAsync([task], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    /// <summary>Submits tasks all or nothing and returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> SubmitBatchAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default) =>
        await TaskStore.SubmitAsync(tasks, cancellationToken).ConfigureAwait(false);

    /// <summary>The task as stored now, or null when there is no such task.</summary>
    public Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        TaskStore.GetAsync(id, cancellationToken);

    /// <summary>A page of tasks in creation order; the first page of every queue when <paramref name="query"/> is null.</summary>
    public Task<TaskPage> ListAsync(TaskQuery? query = null, CancellationToken cancellationToken = default) =>
        TaskStore.ListAsync(query ?? new TaskQuery(), cancellationToken);

    /// <summary>Cancels a task that is not running yet and returns it as it is now.</summary>
    public Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default) =>
        TaskStore.CancelAsync(id, cancellationToken);

    /// <summary>Every silo incarnation in the membership table, Dead ones included until pruned.</summary>
    public Task<IReadOnlyList<SiloEntry>> ListSilosAsync(CancellationToken cancellationToken = default) =>
        ClusterStore.ListAsync(cancellationToken);

    /// <summary>The incarnation id holding the scheduler role now, or null while the role is free.</summary>
    public Task<string?> GetSchedulerRoleHolderAsync(CancellationToken cancellationToken = default) =>
        ClusterStore.GetLeaseHolderAsync(SchedulerRole.LeaseName, cancellationToken);
}
