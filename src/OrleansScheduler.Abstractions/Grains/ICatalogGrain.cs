using OrleansScheduler.Api;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Grains;

/// <summary>
/// The reads that span the cluster (a stateless worker, key 0): tasks across queues, the queues, the
/// schedules and the silos.
/// </summary>
[Alias("OrleansScheduler.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The task as the store has it, or null: what the API answers while the task's own grain is out of
    /// reach (its silo died and Orleans has not declared it dead yet).
    /// </summary>
    [Alias("task")]
    Task<TaskInfo?> GetTaskAsync(string id);

    /// <summary>A page of tasks in id (creation) order, filtered by <paramref name="query"/>; an <see cref="ArgumentException"/> for a bad limit or cursor.</summary>
    [Alias("tasks")]
    Task<TaskPageInfo> ListTasksAsync(TaskQuery query);

    /// <summary>Every queue with its stats, and those paused.</summary>
    [Alias("queues")]
    Task<QueueList> ListQueuesAsync();

    /// <summary>Every schedule, sorted by name.</summary>
    [Alias("schedules")]
    Task<ScheduleList> ListSchedulesAsync();

    /// <summary>Every silo in Orleans' membership with its load, and where the scheduler grain runs.</summary>
    [Alias("silos")]
    Task<SiloList> ListSilosAsync();
}
