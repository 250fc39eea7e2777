using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A task a dead-letter retry left alone.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Reason">Why: NotFound, OtherQueue or NotFailed.</param>
/// <param name="Detail">The reason in words, naming the task, its queue and its state.</param>
/// <param name="Queue">The task's queue (null when there is no such task).</param>
/// <param name="TaskStatus">The task's state (null when there is no such task).</param>
internal sealed record SkippedTaskResponse(string Id, SkipReason Reason, string Detail, string? Queue, TaskState? TaskStatus);
