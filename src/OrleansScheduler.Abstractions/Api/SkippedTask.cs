using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>A task a dead-letter retry left alone.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Reason">Why it was left alone.</param>
/// <param name="Detail">The reason in words, naming the task, its queue and its state.</param>
/// <param name="Queue">The task's queue (null when there is no such task).</param>
/// <param name="TaskStatus">The task's state (null when there is no such task).</param>
[GenerateSerializer, Alias("OrleansScheduler.SkippedTask")]
public sealed record SkippedTask([property: Id(0)] string Id, [property: Id(1)] SkipReason Reason, [property: Id(2)] string Detail, [property: Id(3)] string? Queue, [property: Id(4)] TaskState? TaskStatus);
