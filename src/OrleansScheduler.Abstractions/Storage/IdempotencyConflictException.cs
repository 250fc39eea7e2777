namespace OrleansScheduler.Storage;

/// <summary>An idempotency key was used again with a different task type or payload.</summary>
[GenerateSerializer, Alias("OrleansScheduler.IdempotencyConflictException")]
public sealed class IdempotencyConflictException(string queue, string key, string existingTaskId)
    : Exception($"Idempotency key '{key}' in queue '{queue}' already belongs to task '{existingTaskId}' with a different type or payload; nothing was submitted.")
{
    /// <summary>The queue the key is scoped to.</summary>
    [Id(0)] public string Queue { get; } = queue;
    /// <summary>The key.</summary>
    [Id(1)] public string Key { get; } = key;
    /// <summary>The task the key belongs to.</summary>
    [Id(2)] public string ExistingTaskId { get; } = existingTaskId;
}
