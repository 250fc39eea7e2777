using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// What <see cref="TaskRequestParser"/> made of a request: the submissions when it is valid, else
/// every problem found; <see cref="PayloadTooLarge"/> turns the answer into a 413.
/// </summary>
internal sealed record ParsedTasks(IReadOnlyList<TaskSubmission> Tasks, IReadOnlyList<ValidationError> Errors, bool PayloadTooLarge)
{
    /// <summary>True when there is nothing wrong and the tasks may be stored.</summary>
    public bool IsValid => Errors.Count == 0;
}
