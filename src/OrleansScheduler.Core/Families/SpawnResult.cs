using OrleansScheduler.Tasks;

namespace OrleansScheduler.Families;

/// <summary>What <see cref="Storage.ITaskFamilies.SpawnChildrenAsync"/> did.</summary>
/// <param name="Outcome">Accepted, or why the parent's attempt could not spawn (its token is stale, it is not Running, it is gone).</param>
/// <param name="Ids">The children's ids in spawn order when accepted (existing ones included); empty otherwise.</param>
/// <param name="IdleQueues">The children's queues whose workers may be asleep, as <see cref="Storage.SubmittedTasks.IdleQueues"/>.</param>
public sealed record SpawnResult(OutcomeResult Outcome, IReadOnlyList<string> Ids, IReadOnlyList<string> IdleQueues)
{
    /// <summary>A refused spawn.</summary>
    public static SpawnResult Refused(OutcomeResult outcome) => new(outcome, [], []);
}
