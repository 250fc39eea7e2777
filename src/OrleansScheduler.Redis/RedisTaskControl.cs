using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// The transitions people ask for by task id alone: cancel, pause, resume, retry, unblock and delete. Each
/// finds the task's queue, then runs its script, which checks the state and answers in one shape
/// (<c>{0, fields}</c> done, <c>{1, fields}</c> refused, <c>{3}</c> gone; see <see cref="RedisKeys"/>). What a
/// transition leaves in its queue's outbox (a parent to count, children to cancel) is delivered before it returns.
/// </summary>
internal sealed class RedisTaskControl(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisTaskLocator locator,
    RedisNoticeCourier courier, TimeProvider clock, HistoryLimits history)
{
    private static readonly TaskState[] Cancelable = [TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Waiting, TaskState.Running];
    private static readonly TaskState[] Pausable = [TaskState.Pending, TaskState.Scheduled];
    private static readonly TaskState[] Resumable = [TaskState.Paused];
    private static readonly TaskState[] Retryable = [TaskState.Failed, TaskState.Canceled];
    private static readonly TaskState[] Waiting = [TaskState.Waiting];

    /// <summary>The states a task can be deleted in.</summary>
    public static readonly TaskState[] Deletable =
        [TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Succeeded, TaskState.Failed, TaskState.Canceled];

    /// <summary>Cancels, keeping <paramref name="reason"/> as the error when given; a parent's unfinished children are canceled before it returns.</summary>
    public Task<TaskRecord> CancelAsync(string id, string? reason, string? queue = null) =>
        TransitionAsync(id, queue, scripts.Cancel, "cancel", Cancelable, [Now(), history.EventStreamLength, reason ?? "", reason is null ? 0 : 1]);

    public Task<TaskRecord> PauseAsync(string id) => TransitionAsync(id, null, scripts.Pause, "pause", Pausable, [Now(), history.EventStreamLength]);

    public Task<TaskRecord> ResumeAsync(string id) =>
        TransitionAsync(id, null, scripts.Resume, "resume", Resumable, [Now(), history.EventStreamLength]);

    public Task<TaskRecord> RetryAsync(string id) =>
        TransitionAsync(id, null, scripts.Retry, "retry", Retryable, [Now(), history.EventStreamLength, history.MaxAttemptHistory]);

    public Task<TaskRecord> UnblockAsync(string id) => TransitionAsync(id, null, scripts.Unblock, "unblock", Waiting, [Now(), history.EventStreamLength]);

    /// <summary>
    /// Deletes the task alone (the caller deletes a parent's children first). <paramref name="countForParent"/>:
    /// a child not yet counted counts as Canceled; <paramref name="withEvent"/>: a 'deleted' event (none for the
    /// retention sweep). <paramref name="queue"/>: the task's queue when known, else it is looked up.
    /// </summary>
    public Task<TaskRecord> DeleteAsync(string id, string? queue = null, bool countForParent = true, bool withEvent = true) =>
        TransitionAsync(id, queue, scripts.Delete, "delete", Deletable, [Now(), history.EventStreamLength, countForParent ? 1 : 0, withEvent ? 1 : 0]);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<TaskRecord> TransitionAsync(string id, string? knownQueue, RedisScript script, string operation, TaskState[] expected,
        RedisValue[] args)
    {
        ArgumentNullException.ThrowIfNull(id);
        string queue = knownQueue ?? await locator.FindQueueAsync(id) ?? throw new TaskNotFoundException(id);
        var reply = (RedisResult[])(await scripts.EvaluateAsync(connection.GetDatabase(), script, keys.Queue(queue), [id, .. args]))!;
        long code = (long)reply[0];
        if (code == 3) throw new TaskNotFoundException(id); // deleted since it was found
        var record = RedisTaskCodec.FromPacked(queue, id, reply[1]);
        // a Waiting task that may not be unblocked waits for its children, not for a workflow
        if (code == 1 && script == scripts.Unblock && record.Status == TaskState.Waiting) operation = "unblock (it waits for its children, not for a workflow)";
        if (code == 1) throw new TaskStateConflictException(queue, id, operation, expected, record.Status);
        if (reply.Length > 2) await courier.AfterAsync(queue, (long)reply[2]);
        return record;
    }
}
