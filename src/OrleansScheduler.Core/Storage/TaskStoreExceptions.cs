using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>No task has the id.</summary>
public sealed class TaskNotFoundException(string taskId)
    : Exception($"Task '{taskId}' does not exist.")
{
    /// <summary>The id looked for.</summary>
    public string TaskId { get; } = taskId;
}

/// <summary>A client-chosen task id is already taken.</summary>
public sealed class TaskAlreadyExistsException(string taskId, string queue)
    : Exception($"Task '{taskId}' already exists in queue '{queue}'; nothing was submitted.")
{
    /// <summary>The id that is taken.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>The queue of the existing task.</summary>
    public string Queue { get; } = queue;
}

/// <summary>An operation is not allowed in the task's current state.</summary>
public sealed class TaskStateConflictException(string queue, string taskId, string operation, IReadOnlyList<TaskState> expected, TaskState actual)
    : Exception($"Cannot {operation} task '{taskId}' in queue '{queue}': it is {actual}, expected {string.Join(" or ", expected)}.")
{
    /// <summary>The task's queue.</summary>
    public string Queue { get; } = queue;
    /// <summary>The task id.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>The operation refused, e.g. "cancel".</summary>
    public string Operation { get; } = operation;
    /// <summary>The states the operation needs.</summary>
    public IReadOnlyList<TaskState> Expected { get; } = expected;
    /// <summary>The state the task is in.</summary>
    public TaskState Actual { get; } = actual;
}

/// <summary>An idempotency key was used again with a different task type or payload.</summary>
public sealed class IdempotencyConflictException(string queue, string key, string existingTaskId)
    : Exception($"Idempotency key '{key}' in queue '{queue}' already belongs to task '{existingTaskId}' with a different type or payload; nothing was submitted.")
{
    /// <summary>The queue the key is scoped to.</summary>
    public string Queue { get; } = queue;
    /// <summary>The key.</summary>
    public string Key { get; } = key;
    /// <summary>The task the key belongs to.</summary>
    public string ExistingTaskId { get; } = existingTaskId;
}
