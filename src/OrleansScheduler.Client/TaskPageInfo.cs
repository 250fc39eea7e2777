namespace OrleansScheduler.Client;

/// <summary>One page of a task listing; pass <see cref="NextCursor"/> to get the next (null when this is the last).</summary>
public sealed record TaskPageInfo(IReadOnlyList<TaskInfo> Tasks, string? NextCursor);
