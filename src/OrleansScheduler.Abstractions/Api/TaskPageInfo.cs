namespace OrleansScheduler.Api;

/// <summary>One page of a task listing; pass <see cref="NextCursor"/> to get the next (null when this is the last).</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskPageInfo")]
public sealed record TaskPageInfo([property: Id(0)] IReadOnlyList<TaskInfo> Tasks, [property: Id(1)] string? NextCursor);
