namespace OrleansScheduler.Storage;

/// <summary>A client-chosen task id is already taken.</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskAlreadyExistsException")]
public sealed class TaskAlreadyExistsException(string taskId, string queue)
    : Exception($"Task '{taskId}' already exists in queue '{queue}'; nothing was submitted.")
{
    /// <summary>The id that is taken.</summary>
    [Id(0)] public string TaskId { get; } = taskId;
    /// <summary>The queue of the existing task.</summary>
    [Id(1)] public string Queue { get; } = queue;
}

