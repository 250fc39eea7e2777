namespace OrleansScheduler.Api;

/// <summary>Why a dead-letter retry left a task alone.</summary>
public enum SkipReason
{
    /// <summary>No task has the id.</summary>
    NotFound,

    /// <summary>The task is in another queue.</summary>
    OtherQueue,

    /// <summary>The task is not Failed.</summary>
    NotFailed,
}
