namespace OrleansScheduler.Tasks;

/// <summary>The states of a task (DESIGN.md §3). Succeeded, Failed and Canceled are terminal.</summary>
public enum TaskState
{
    /// <summary>Due later: delayed at submission, or backing off before a retry.</summary>
    Scheduled,

    /// <summary>Ready to be claimed by a worker.</summary>
    Pending,

    /// <summary>Claimed by a worker on a silo; an attempt is under way.</summary>
    Running,

    /// <summary>Terminal: the handler returned.</summary>
    Succeeded,

    /// <summary>Terminal: attempts exhausted or the error was not retryable (the dead-letter set).</summary>
    Failed,

    /// <summary>Terminal: canceled on request.</summary>
    Canceled,

    /// <summary>Held back on request; resumes to Pending.</summary>
    Paused,

    /// <summary>Waiting on dependencies or children.</summary>
    Waiting,
}

/// <summary>Helpers over <see cref="TaskState"/>.</summary>
public static class TaskStateExtensions
{
    /// <summary>True for the states a task never leaves on its own.</summary>
    public static bool IsTerminal(this TaskState state) =>
        state is TaskState.Succeeded or TaskState.Failed or TaskState.Canceled;
}
