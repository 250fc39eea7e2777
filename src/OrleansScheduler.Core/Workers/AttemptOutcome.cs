using OrleansScheduler.Families;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>How one attempt ended, as the worker reports it: exactly one of the three is set.</summary>
internal readonly record struct AttemptOutcome(TaskCompletion? Completion, TaskFailure? Failure, TaskWait? Wait = null)
{
    public static AttemptOutcome Succeeded(TaskCompletion completion) => new(completion, null);

    public static AttemptOutcome Failed(TaskFailure failure) => new(null, failure);

    /// <summary>The handler returned <see cref="Handlers.WaitForChildren"/>: the task waits for its children.</summary>
    public static AttemptOutcome Waited(TaskWait wait) => new(null, null, wait);

    /// <summary>The handler returned (a result, or to wait for its children) rather than threw.</summary>
    public bool Returned => Failure is null;

    /// <summary>The attempt the outcome is of, for the metrics counted once the store accepts it; null when not told.</summary>
    public ClaimedTask? Claimed { get; init; }
}
