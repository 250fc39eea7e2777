namespace OrleansScheduler.Tasks;

/// <summary>The values of <see cref="TaskAttempt.Outcome"/>.</summary>
public static class TaskAttemptOutcomes
{
    /// <summary>Still under way (the task is Running with this attempt).</summary>
    public const string Running = "running";
    /// <summary>The handler returned.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>The handler threw (retried or not).</summary>
    public const string Failed = "failed";
    /// <summary>It ran past its deadline and was failed by the sweep.</summary>
    public const string TimedOut = "timedOut";
    /// <summary>The task was canceled while it ran.</summary>
    public const string Canceled = "canceled";
    /// <summary>Its silo died; the task was requeued.</summary>
    public const string FailedOver = "failedOver";
    /// <summary>Its silo handed it back while draining.</summary>
    public const string Released = "released";
    /// <summary>It spawned children and returned to wait for them; the join step runs next and this attempt is not counted.</summary>
    public const string Waiting = "waiting";
}
