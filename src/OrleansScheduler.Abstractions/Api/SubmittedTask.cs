using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>
/// The gateway's answer to one submission: the task id and the state it starts in (Pending or
/// Scheduled). A repeat under a known <see cref="SubmitTaskRequest.IdempotencyKey"/> answers the first
/// task's id and the state it is in now.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.SubmittedTask")]
public sealed record SubmittedTask([property: Id(0)] string Id, [property: Id(1)] TaskState Status);
