using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>What <see cref="FamilyRequestParser"/> made of a request: the parent and children when it is valid, else every problem found.</summary>
internal sealed record ParsedFamily(TaskSubmission? Join, IReadOnlyList<TaskSubmission> Children, ChildFailurePolicy Policy, IReadOnlyList<ValidationError> Errors, bool PayloadTooLarge)
{
    /// <summary>True when there is nothing wrong and the family may be stored.</summary>
    public bool IsValid => Errors.Count == 0;
}
