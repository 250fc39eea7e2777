using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>The mutable state of one task inside <see cref="InMemoryTaskStore"/>; only touched under the store's lock.</summary>
internal sealed class StoredTask(string id, TaskSubmission spec, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public TaskSubmission Spec { get; } = spec;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public TaskState State { get; set; }
    public int Attempt { get; set; }
    public long Token { get; set; }
    public long ReadyScore { get; set; }
    public DateTimeOffset? RunAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset Deadline { get; set; }
    public string? Silo { get; set; }
    public string? Result { get; set; }
    public string? Error { get; set; }
    public int Failovers { get; set; }
    public int? Progress { get; set; }
    public string? ProgressMessage { get; set; }

    public TaskRecord ToRecord() => new()
    {
        Id = Id,
        Queue = Spec.Queue,
        Type = Spec.Type,
        Status = State,
        Attempt = Attempt,
        MaxAttempts = Spec.MaxAttempts,
        Priority = Spec.Priority,
        Payload = Spec.Payload,
        Result = Result,
        Error = Error,
        Progress = Progress,
        ProgressMessage = ProgressMessage,
        Timeout = Spec.Timeout,
        Backoff = Spec.Backoff,
        CreatedAt = CreatedAt,
        RunAt = RunAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        Silo = Silo,
        Failovers = Failovers,
        Token = Token,
    };
}
