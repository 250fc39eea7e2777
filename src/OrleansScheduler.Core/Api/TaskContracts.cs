using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>The store's task records as the contracts show them: payload and result as JSON values, durations in milliseconds.</summary>
public static class TaskContracts
{
    /// <summary>The contract of <paramref name="task"/>.</summary>
    public static TaskInfo ToInfo(this TaskRecord task) => new()
    {
        Id = task.Id,
        Queue = task.Queue,
        Type = task.Type,
        Status = task.Status,
        Attempt = task.Attempt,
        MaxAttempts = task.MaxAttempts,
        Priority = task.Priority,
        Payload = JsonText.ToElement(task.Payload ?? "null")!.Value,
        Result = JsonText.ToElement(task.Result),
        Error = task.Error,
        Progress = task.Progress,
        ProgressMessage = task.ProgressMessage,
        TimeoutMs = (long)task.Timeout.TotalMilliseconds,
        BackoffMs = (long)task.Backoff.TotalMilliseconds,
        CreatedAt = task.CreatedAt,
        RunAt = task.RunAt,
        StartedAt = task.StartedAt,
        FinishedAt = task.FinishedAt,
        Silo = task.Silo,
        Failovers = task.Failovers,
        ParentId = task.ParentId,
        Depth = task.Depth,
        ChildCount = task.ChildCount,
        ChildrenFinished = task.ChildrenFinished,
        ChildrenFailed = task.ChildrenFailed,
        FailurePolicy = task.ChildCount > 0 ? task.FailurePolicy : null,
        IsJoin = task.IsJoin,
        WorkflowId = task.Node?.WorkflowId,
        NodeKey = task.Node?.Key,
        Routing = task.Routing,
        RoutedTo = task.RoutedTo,
        RoutedSince = task.RoutedSince,
        Target = task.Target,
    };

    /// <summary>The contract of <paramref name="page"/>, read from <paramref name="start"/> with at most <paramref name="limit"/> children.</summary>
    public static ChildPageInfo ToInfo(this ChildPage page, int start, int limit) => new(
        [.. page.Children.Select(c => new ChildTaskInfo
        {
            Index = c.Index, Id = c.Id, Queue = c.Queue, Type = c.Type, Status = c.Status, Result = JsonText.ToElement(c.Result), Error = c.Error,
        })],
        page.Total,
        start + (long)limit < page.Total ? start + limit : null);

    /// <summary>The contract of <paramref name="page"/>.</summary>
    public static TaskPageInfo ToInfo(this TaskPage page) => new([.. page.Tasks.Select(ToInfo)], page.NextCursor);

    /// <summary>The contract of <paramref name="e"/>.</summary>
    public static TaskEventInfo ToInfo(this TaskEvent e) => new()
    {
        Id = e.Id,
        TaskId = e.TaskId,
        Queue = e.Queue,
        Type = e.Type,
        From = e.From,
        To = e.To,
        Silo = e.Silo,
        Attempt = e.Attempt,
        Time = e.Time,
        Error = e.Error,
        Progress = e.Progress,
    };

    /// <summary>The contract of <paramref name="attempt"/>.</summary>
    public static TaskAttemptInfo ToInfo(this TaskAttempt attempt) =>
        new(attempt.Number, attempt.Silo, attempt.StartedAt, attempt.FinishedAt, attempt.Outcome, attempt.Error);

    /// <summary>The contract of <paramref name="line"/>.</summary>
    public static TaskLogLineInfo ToInfo(this TaskLogEntry line) => new(line.Attempt, line.Time, line.Level, line.Message);

    /// <summary>The latest progress of <paramref name="task"/>.</summary>
    public static TaskProgressInfo ToProgressInfo(this TaskRecord task) => new(task.Id, task.Status, task.Progress, task.ProgressMessage);
}
