namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>Why a dead-letter retry left a task alone.</summary>
internal enum SkipReason
{
    /// <summary>No task has the id (it was never there, or was deleted).</summary>
    NotFound,

    /// <summary>The task belongs to another queue's dead letters.</summary>
    OtherQueue,

    /// <summary>The task is not Failed (it never failed, or was retried or canceled meanwhile).</summary>
    NotFailed,
}
