using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>The tasks one claim took, and when the queue's next scheduled task falls due (null if none), so an idle worker knows when to look again.</summary>
public sealed record ClaimBatch(IReadOnlyList<ClaimedTask> Tasks, DateTimeOffset? NextDueAt)
{
    /// <summary>Nothing claimed and nothing scheduled.</summary>
    public static ClaimBatch Empty { get; } = new([], null);

    /// <summary>The refusal of a claim by a silo whose work the store has requeued (it was declared dead).</summary>
    public static ClaimBatch Refused { get; } = new([], null) { OwnerRequeued = true };

    /// <summary>
    /// True when the store refused the claim because it has requeued the claiming silo's work: the
    /// cluster declared that silo dead, and nothing it claims or reports counts any more.
    /// </summary>
    public bool OwnerRequeued { get; init; }
}
