using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// The transitions people ask for by task id alone: cancel, pause, resume, retry and delete. Each
/// finds the task's queue, then runs its script, which checks the state and answers in one shape
/// (<c>{0, fields}</c> done, <c>{1, fields}</c> refused, <c>{3}</c> gone; see <see cref="RedisKeys"/>).
/// </summary>
internal sealed class RedisTaskControl(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisTaskLocator locator,
    TimeProvider clock, HistoryLimits history)
{
    private static readonly TaskState[] Cancelable = [TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Running];
    private static readonly TaskState[] Pausable = [TaskState.Pending, TaskState.Scheduled];
    private static readonly TaskState[] Resumable = [TaskState.Paused];
    private static readonly TaskState[] Retryable = [TaskState.Failed, TaskState.Canceled];
    private static readonly TaskState[] Deletable =
        [TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Succeeded, TaskState.Failed, TaskState.Canceled];

    /// <summary>cancel.lua publishes on the owner silo's cancel channel when the task was Running.</summary>
    public Task<TaskRecord> CancelAsync(string id) =>
        TransitionAsync(id, scripts.Cancel, "cancel", Cancelable, [Now(), history.EventStreamLength]);

    public Task<TaskRecord> PauseAsync(string id) => TransitionAsync(id, scripts.Pause, "pause", Pausable, [Now(), history.EventStreamLength]);

    public Task<TaskRecord> ResumeAsync(string id) =>
        TransitionAsync(id, scripts.Resume, "resume", Resumable, [Now(), history.EventStreamLength]);

    public Task<TaskRecord> RetryAsync(string id) =>
        TransitionAsync(id, scripts.Retry, "retry", Retryable, [Now(), history.EventStreamLength, history.MaxAttemptHistory]);

    public Task<TaskRecord> DeleteAsync(string id) => TransitionAsync(id, scripts.Delete, "delete", Deletable, [Now(), history.EventStreamLength]);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<TaskRecord> TransitionAsync(string id, RedisScript script, string operation, TaskState[] expected, RedisValue[] args)
    {
        ArgumentNullException.ThrowIfNull(id);
        string queue = await locator.FindQueueAsync(id) ?? throw new TaskNotFoundException(id);
        var reply = (RedisResult[])(await scripts.EvaluateAsync(connection.GetDatabase(), script, keys.Queue(queue), [id, .. args]))!;
        long code = (long)reply[0];
        if (code == 3) throw new TaskNotFoundException(id); // deleted since it was found
        var record = RedisTaskCodec.FromPacked(queue, id, reply[1]);
        if (code == 1) throw new TaskStateConflictException(queue, id, operation, expected, record.Status);
        return record;
    }
}
