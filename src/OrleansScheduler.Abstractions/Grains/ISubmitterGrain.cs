using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Grains;

/// <summary>
/// Where submissions go (a stateless worker: any silo, several activations). Concurrent small submissions
/// to one queue share one store call; when the store says a queue's workers may be idle, its queue grain
/// wakes them. Refusals cross as the store's typed exceptions (<c>TaskAlreadyExistsException</c>,
/// <c>IdempotencyConflictException</c>) or an <see cref="ArgumentException"/> naming what is invalid.
/// </summary>
[Alias("OrleansScheduler.ISubmitterGrain")]
public interface ISubmitterGrain : IGrainWithIntegerKey
{
    /// <summary>Stores one task and returns its id and state (a repeat under a known idempotency key: the first task's).</summary>
    [Alias("submit")]
    Task<SubmittedTask> SubmitAsync(TaskSubmission task);

    /// <summary>Stores 1 to 1000 tasks all or nothing and returns their ids in order.</summary>
    [Alias("submitBatch")]
    Task<SubmittedBatch> SubmitBatchAsync(IReadOnlyList<TaskSubmission> tasks);

    /// <summary>
    /// Stores a parent Waiting for its join step and its 1 to 1000 children, all or nothing; the parent's
    /// idempotency key, when remembered, answers with the existing family.
    /// </summary>
    [Alias("submitFamily")]
    Task<SubmittedParentTask> SubmitFamilyAsync(TaskSubmission join, IReadOnlyList<TaskSubmission> children, ChildFailurePolicy policy);
}
