using OrleansScheduler.Storage;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Turns what StackExchange.Redis throws when Redis cannot take a submission (out of memory, a failover under
/// way, connection lost, a timeout) into a <see cref="TaskStoreUnavailableException"/>, which crosses grain calls intact and which the
/// gateway answers with 503: a RedisServerException does not survive Orleans' serialization as itself, and would
/// reach the gateway as a 500. The messages say whether anything may have been stored, and never carry the
/// client's own text (which can include the configuration).
/// </summary>
internal static class RedisStoreFaults
{
    /// <summary>True when Redis refused a command because <c>maxmemory</c> is reached (its error starts "OOM").</summary>
    public static bool IsOutOfMemory(Exception e) => e is RedisServerException && e.Message.StartsWith("OOM", StringComparison.Ordinal);

    /// <summary>Runs a submission on <paramref name="queue"/>, translating the faults that make the store unavailable.</summary>
    public static async Task<T> SubmittingAsync<T>(string queue, Func<Task<T>> submit)
    {
        try
        {
            return await submit();
        }
        catch (Exception e) when (Unavailable(e, queue) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>The <see cref="TaskStoreUnavailableException"/> a fault during a submission to <paramref name="queue"/> means, or null for any other error.</summary>
    public static TaskStoreUnavailableException? Unavailable(Exception e, string queue) => e switch
    {
        _ when IsOutOfMemory(e) => new(TaskStoreUnavailableReason.OutOfMemory, queue,
            $"Redis is out of memory (used memory is over maxmemory, and under maxmemory-policy noeviction it refuses writes) and refused " +
            $"the submission to queue '{queue}'. Retry once memory frees (running tasks still end, and finished ones are removed after " +
            "their retention), or raise maxmemory; a retry with the same idempotencyKey never stores a task twice."),
        RedisServerException when e.Message.StartsWith("READONLY", StringComparison.Ordinal) => new(TaskStoreUnavailableReason.FailingOver, queue,
            $"The submission to queue '{queue}' reached a Redis that is a replica now (a failover is under way) and was not stored. " +
            "Retry shortly, once the client follows the new primary."),
        // WAIT interrupted because the primary it ran on became a replica: the write may not have reached the new primary
        RedisServerException when e.Message.StartsWith("UNBLOCKED", StringComparison.Ordinal) => new(TaskStoreUnavailableReason.FailingOver, queue,
            $"The submission to queue '{queue}' was stored on a Redis primary that became a replica (a failover) before its replicas " +
            "confirmed it, so it may have been lost. Retry with the same idempotencyKey, which finds the task if the new primary has it."),
        RedisTimeoutException => new(TaskStoreUnavailableReason.Timeout, queue,
            $"Redis did not answer the submission to queue '{queue}' in time, so it may or may not have been stored. " +
            "Retry with the same idempotencyKey, which finds the task if it was."),
        RedisConnectionException => new(TaskStoreUnavailableReason.ConnectionLost, queue,
            $"The connection to Redis was lost during the submission to queue '{queue}', so it may or may not have been stored. " +
            "Retry with the same idempotencyKey, which finds the task if it was."),
        _ => null,
    };

    /// <summary>
    /// The <see cref="TaskStoreUnavailableException"/> a fault during any other store call (<paramref name="call"/>, e.g.
    /// <c>ITaskGrain.GetAsync</c>) means, or null for any other error; a submission's own fault keeps its fuller message.
    /// </summary>
    public static TaskStoreUnavailableException? UnavailableForCall(Exception e, string call) => e switch
    {
        TaskStoreUnavailableException => null,
        _ when IsOutOfMemory(e) => new(TaskStoreUnavailableReason.OutOfMemory, "",
            $"Redis is out of memory (maxmemory reached under maxmemory-policy noeviction) and refused a write of {call}. Retry once memory frees."),
        RedisServerException when e.Message.StartsWith("READONLY", StringComparison.Ordinal) => new(TaskStoreUnavailableReason.FailingOver, "",
            $"{call} reached a Redis that is a replica now (a failover is under way). Retry shortly."),
        RedisTimeoutException => new(TaskStoreUnavailableReason.Timeout, "", $"Redis did not answer {call} in time. Retry shortly."),
        RedisConnectionException => new(TaskStoreUnavailableReason.ConnectionLost, "", $"The connection to Redis was lost during {call}. Retry shortly."),
        _ => null,
    };
}
