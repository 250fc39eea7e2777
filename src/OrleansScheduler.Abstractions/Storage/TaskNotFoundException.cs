namespace OrleansScheduler.Storage;

/// <summary>No task has the id.</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskNotFoundException")]
public sealed class TaskNotFoundException(string taskId)
    : Exception($"Task '{taskId}' does not exist.")
{
    /// <summary>The id looked for.</summary>
    [Id(0)] public string TaskId { get; } = taskId;
}

