using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>How one attempt ended, as the worker reports it: exactly one of the two is set.</summary>
internal readonly record struct AttemptOutcome(TaskCompletion? Completion, TaskFailure? Failure)
{
    public static AttemptOutcome Succeeded(TaskCompletion completion) => new(completion, null);

    public static AttemptOutcome Failed(TaskFailure failure) => new(null, failure);
}
