using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>One page of tasks and the cursor of the next page (null when there is none).</summary>
public sealed record TaskPage(IReadOnlyList<TaskRecord> Tasks, string? NextCursor);
