namespace OrleansScheduler.Client;

/// <summary>The states of a task as the gateway reports them. Succeeded, Failed and Canceled are terminal.</summary>
public enum TaskState
{
    /// <summary>Due later: delayed at submission, or backing off before a retry.</summary>
    Scheduled,

    /// <summary>Ready to be claimed by a worker.</summary>
    Pending,

    /// <summary>An attempt is under way on a silo.</summary>
    Running,

    /// <summary>Terminal: the handler returned.</summary>
    Succeeded,

    /// <summary>Terminal: attempts exhausted or the error was not retryable.</summary>
    Failed,

    /// <summary>Terminal: canceled on request.</summary>
    Canceled,

    /// <summary>Held back on request.</summary>
    Paused,

    /// <summary>Waiting on dependencies or children.</summary>
    Waiting,
}
