using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>
/// The gateway's answer to a parent submitted with its children (<c>POST /api/tasks</c> with <c>join</c>
/// and <c>children</c>): the parent's id and state (Waiting), and its children's ids in order.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.SubmittedParentTask")]
public sealed record SubmittedParentTask(
    [property: Id(0)] string Id,
    [property: Id(1)] TaskState Status,
    [property: Id(2)] IReadOnlyList<string> Children);
