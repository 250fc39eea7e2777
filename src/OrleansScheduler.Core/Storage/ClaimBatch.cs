using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>The tasks one claim took, and when the queue's next scheduled task falls due (null if none), so an idle worker knows when to look again.</summary>
public sealed record ClaimBatch(IReadOnlyList<ClaimedTask> Tasks, DateTimeOffset? NextDueAt)
{
    /// <summary>Nothing claimed and nothing scheduled.</summary>
    public static ClaimBatch Empty { get; } = new([], null);
}
