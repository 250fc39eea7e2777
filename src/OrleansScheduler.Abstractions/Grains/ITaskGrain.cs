using Orleans.Concurrency;
using OrleansScheduler.Api;

namespace OrleansScheduler.Grains;

/// <summary>
/// One task, by id, for managing it: read it, change its state, read its history, wait for its outcome.
/// Every change is one atomic, fenced transition of the task store; the grain keeps no state that could
/// disagree with it. It is not on the submit or claim path (those go through the submitter grain and the
/// worker engines), and it is collected soon after use.
/// </summary>
/// <remarks>
/// Errors cross the call as the store's typed exceptions: <c>TaskNotFoundException</c> for an unknown id,
/// <c>TaskStateConflictException</c> naming the queue, the task, its state and the states allowed.
/// </remarks>
[Alias("OrleansScheduler.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>The longest one <see cref="WaitForOutcomeAsync"/> call waits, below Orleans' default response timeout (30 s); wait longer with a loop of calls.</summary>
    public static readonly TimeSpan MaxWaitPerCall = TimeSpan.FromSeconds(20);

    /// <summary>The task, or null when there is none with this id.</summary>
    [Alias("get")]
    Task<TaskInfo?> GetAsync();

    /// <summary>
    /// The task once it is terminal (Succeeded, Failed or Canceled), or as it is when
    /// <paramref name="maxWait"/> (capped at <see cref="MaxWaitPerCall"/>) has passed; null when there is
    /// no such task. Interleaved: it never holds up a cancel or any other call on the task.
    /// </summary>
    [Alias("wait"), AlwaysInterleave]
    Task<TaskInfo?> WaitForOutcomeAsync(TimeSpan maxWait);

    /// <summary>
    /// Cancels a Pending, Scheduled, Paused or Running task and returns it as it is now. A Running task
    /// ends Canceled at once (its token bumped, so its handler's outcome is rejected) and the silo running
    /// it is told, so the handler's cancellation token fires.
    /// </summary>
    [Alias("cancel")]
    Task<TaskInfo> CancelAsync();

    /// <summary>Holds a Pending or Scheduled task back (Paused) until it is resumed.</summary>
    [Alias("pause")]
    Task<TaskInfo> PauseAsync();

    /// <summary>Lets a Paused task go: Scheduled if its run-at is still ahead, Pending otherwise.</summary>
    [Alias("resume")]
    Task<TaskInfo> ResumeAsync();

    /// <summary>Runs a Failed or Canceled task again now: Pending, attempts and failovers reset, the last error kept.</summary>
    [Alias("retry")]
    Task<TaskInfo> RetryAsync();

    /// <summary>Deletes the task and returns it as it was; a Running one is canceled first (its handler's token fires) and comes back Canceled.</summary>
    [Alias("delete")]
    Task<TaskInfo> DeleteAsync();

    /// <summary>The latest progress its handler reported, or null when there is no such task.</summary>
    [Alias("progress")]
    Task<TaskProgressInfo?> GetProgressAsync();

    /// <summary>Its handler's log lines, oldest first, or null when there is no such task.</summary>
    [Alias("logs")]
    Task<TaskLogs?> GetLogsAsync();

    /// <summary>Its attempts, oldest first (the running one last), or null when there is no such task.</summary>
    [Alias("attempts")]
    Task<TaskAttempts?> GetAttemptsAsync();

    /// <summary>Its transitions still in its queue's event stream, oldest first, or null when there is no such task.</summary>
    [Alias("events")]
    Task<TaskEvents?> GetEventsAsync();

    /// <summary>Up to <paramref name="limit"/> of the task's children from position <paramref name="start"/> on, in spawn order; null when there is no such task.</summary>
    [Alias("children")]
    Task<ChildPageInfo?> GetChildrenAsync(int start, int limit);
}
