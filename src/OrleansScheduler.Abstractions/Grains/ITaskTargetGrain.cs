namespace OrleansScheduler.Grains;

/// <summary>
/// An application grain that runs tasks: registered on the silos by name
/// (<c>silo.AddTaskTargetGrain&lt;OrderGrain&gt;("orders")</c>) and targeted by a task's
/// <c>target</c> (<c>{"grain": "orders", "key": "order-42"}</c>). The silo's worker engine calls it once per
/// attempt, with the task's retries, timeout, cancellation, progress and failover: the grain runs at least
/// once per task, so make it idempotent by <see cref="TaskRun.TaskId"/> and <see cref="TaskRun.Attempt"/>.
/// </summary>
[Alias("OrleansScheduler.ITaskTargetGrain")]
public interface ITaskTargetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs one attempt and returns its result as JSON text (null for none). Throw to fail the attempt (retried
    /// while attempts remain); throw <c>NonRetryableTaskException</c> to fail the task at once.
    /// <paramref name="cancellationToken"/> fires when the attempt times out, is canceled or its silo gives it up.
    /// </summary>
    /// <remarks>
    /// The response timeout is raised to the longest task timeout: the attempt's own timeout ends the call
    /// through <paramref name="cancellationToken"/>, so a call may outlast Orleans' default 30 s.
    /// </remarks>
    [Alias("run"), ResponseTimeout("1.00:01:00")]
    Task<string?> RunTaskAsync(TaskRun run, CancellationToken cancellationToken);
}
