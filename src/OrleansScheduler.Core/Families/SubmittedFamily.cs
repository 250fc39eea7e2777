namespace OrleansScheduler.Families;

/// <summary>What <see cref="Storage.ITaskFamilies.SubmitFamilyAsync"/> stored.</summary>
/// <param name="ParentId">The parent's id (an existing one when its idempotency key was remembered).</param>
/// <param name="ChildIds">The children's ids in order.</param>
/// <param name="IdleQueues">The queues whose workers may be asleep, as <see cref="Storage.SubmittedTasks.IdleQueues"/>.</param>
public sealed record SubmittedFamily(string ParentId, IReadOnlyList<string> ChildIds, IReadOnlyList<string> IdleQueues);
