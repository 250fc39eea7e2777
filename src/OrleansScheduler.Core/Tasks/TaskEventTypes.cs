namespace OrleansScheduler.Tasks;

/// <summary>
/// The values of <see cref="TaskEvent.Type"/>. Both stores emit exactly these, for exactly these
/// transitions (the contract suite pins them).
/// </summary>
public static class TaskEventTypes
{
    /// <summary>Stored: none → Pending, or → Scheduled when its run-at is ahead. Not emitted for a repeated idempotent submission.</summary>
    public const string Submitted = "submitted";
    /// <summary>Scheduled → Pending: its run-at or retry time came (by a claim or a sweep).</summary>
    public const string Promoted = "promoted";
    /// <summary>Pending → Running: a silo claimed it (Silo, Attempt = the new attempt).</summary>
    public const string Started = "started";
    /// <summary>Running → Succeeded.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Running → Scheduled: the attempt failed or timed out and attempts remain (Error).</summary>
    public const string Retrying = "retrying";
    /// <summary>Running → Failed: the attempt failed or timed out with no attempts left or not retryable, or the task is poison after too many failovers (Error).</summary>
    public const string Failed = "failed";
    /// <summary>Running → Pending: the silo running it died.</summary>
    public const string FailedOver = "failedOver";
    /// <summary>Running → Pending: its silo handed it back while draining (attempt not counted).</summary>
    public const string Released = "released";
    /// <summary>Pending, Scheduled, Paused or Running → Canceled.</summary>
    public const string Canceled = "canceled";
    /// <summary>Pending or Scheduled → Paused.</summary>
    public const string Paused = "paused";
    /// <summary>Paused → Pending or Scheduled.</summary>
    public const string Resumed = "resumed";
    /// <summary>Failed or Canceled → Pending: run again on request.</summary>
    public const string Retried = "retried";
    /// <summary>Any state but Running → none: deleted on request. Tasks removed by the retention sweep emit nothing.</summary>
    public const string Deleted = "deleted";
    /// <summary>Running → Waiting: the attempt spawned children and waits for them (attempt not counted); or none → Waiting at submission (a parent submitted with its children, a workflow node with dependencies).</summary>
    public const string Waiting = "waiting";
    /// <summary>Waiting → Pending (or Scheduled): its children are all terminal (its join step is next), or its workflow released it.</summary>
    public const string Unblocked = "unblocked";
    /// <summary>On a parent, its state unchanged: one of its children reached a terminal state; <see cref="TaskEvent.Progress"/> is the share of its children now terminal.</summary>
    public const string ChildFinished = "childFinished";
}
