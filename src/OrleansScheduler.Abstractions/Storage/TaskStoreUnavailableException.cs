namespace OrleansScheduler.Storage;

/// <summary>
/// The task store could not serve a call for now (out of memory, connection lost, a timeout, replicas behind); the
/// message names the cause and the queue. The gateway answers it with 503 and Retry-After: the call may be made
/// again, and a submission with an idempotency key is safe to repeat, as a retry of one that was stored finds
/// that task instead of storing a second. Thrown by a store and sent intact across grain calls, unlike the store
/// client's own exceptions.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskStoreUnavailableException")]
public sealed class TaskStoreUnavailableException(TaskStoreUnavailableReason reason, string queue, string message) : Exception(message)
{
    /// <summary>Why the store could not serve the call.</summary>
    [Id(0)] public TaskStoreUnavailableReason Reason { get; } = reason;

    /// <summary>The queue the call was for (the first one, for a call on several).</summary>
    [Id(1)] public string Queue { get; } = queue;
}
