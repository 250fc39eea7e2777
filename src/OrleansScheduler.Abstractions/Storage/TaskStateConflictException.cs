using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>An operation is not allowed in the task's current state.</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskStateConflictException")]
public sealed class TaskStateConflictException(string queue, string taskId, string operation, IReadOnlyList<TaskState> expected, TaskState actual)
    : Exception($"Cannot {operation} task '{taskId}' in queue '{queue}': it is {actual}, expected {string.Join(" or ", expected)}.")
{
    /// <summary>The task's queue.</summary>
    [Id(0)] public string Queue { get; } = queue;
    /// <summary>The task id.</summary>
    [Id(1)] public string TaskId { get; } = taskId;
    /// <summary>The operation refused, e.g. "cancel".</summary>
    [Id(2)] public string Operation { get; } = operation;
    /// <summary>The states the operation needs.</summary>
    [Id(3)] public IReadOnlyList<TaskState> Expected { get; } = expected;
    /// <summary>The state the task is in.</summary>
    [Id(4)] public TaskState Actual { get; } = actual;
}

