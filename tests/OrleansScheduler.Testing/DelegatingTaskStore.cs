using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// A task store that passes every call to <see cref="Inner"/>: test doubles derive from it and
/// override only the calls they change (slow completions, recorded log lines…), so a member added
/// to the port needs one line here rather than one in every double.
/// </summary>
public abstract class DelegatingTaskStore(ITaskStore inner) : ITaskStore
{
    /// <summary>The store every call goes to unless overridden.</summary>
    protected ITaskStore Inner { get; } = inner;

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default) => Inner.CompleteAsync(completions, cancellationToken);
    /// <inheritdoc />
    public virtual Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default) => Inner.SubmitAsync(tasks, cancellationToken);
    /// <inheritdoc />
    public virtual Task<ClaimBatch> ClaimAsync(string queue, string siloId, int max, CancellationToken cancellationToken = default) => Inner.ClaimAsync(queue, siloId, max, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default) => Inner.FailAsync(failures, cancellationToken);
    /// <inheritdoc />
    public virtual Task<OutcomeResult> ReportProgressAsync(TaskProgress progress, CancellationToken cancellationToken = default) => Inner.ReportProgressAsync(progress, cancellationToken);
    /// <inheritdoc />
    public virtual Task<int> ExpireAttemptsAsync(string queue, CancellationToken cancellationToken = default) => Inner.ExpireAttemptsAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<OutcomeResult>> ReleaseAsync(IReadOnlyList<TaskRelease> releases, CancellationToken cancellationToken = default) => Inner.ReleaseAsync(releases, cancellationToken);
    /// <inheritdoc />
    public virtual Task<FailoverResult> RequeueSiloTasksAsync(string queue, string siloId, int maxFailovers, CancellationToken cancellationToken = default) => Inner.RequeueSiloTasksAsync(queue, siloId, maxFailovers, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<RunningOwner>> ListRunningOwnersAsync(string queue, CancellationToken cancellationToken = default) => Inner.ListRunningOwnersAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual Task<int> PromoteDueAsync(string queue, CancellationToken cancellationToken = default) => Inner.PromoteDueAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => Inner.GetAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default) => Inner.ListAsync(query, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default) => Inner.CancelAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord> CancelAsync(string id, string? reason, CancellationToken cancellationToken = default) => Inner.CancelAsync(id, reason, cancellationToken);
    /// <inheritdoc />
    public virtual Task<SubmittedFamily> SubmitFamilyAsync(FamilySubmission family, CancellationToken cancellationToken = default) => Inner.SubmitFamilyAsync(family, cancellationToken);
    /// <inheritdoc />
    public virtual Task<SpawnResult> SpawnChildrenAsync(ChildSpawn spawn, CancellationToken cancellationToken = default) => Inner.SpawnChildrenAsync(spawn, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<OutcomeResult>> WaitForChildrenAsync(IReadOnlyList<TaskWait> waits, CancellationToken cancellationToken = default) => Inner.WaitForChildrenAsync(waits, cancellationToken);
    /// <inheritdoc />
    public virtual Task<ChildPage?> GetChildrenAsync(string parentId, int start, int max, CancellationToken cancellationToken = default) => Inner.GetChildrenAsync(parentId, start, max, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord> UnblockAsync(string id, CancellationToken cancellationToken = default) => Inner.UnblockAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<int> DeliverNoticesAsync(string queue, CancellationToken cancellationToken = default) => Inner.DeliverNoticesAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> ListWaitingWorkflowsAsync(string queue, CancellationToken cancellationToken = default) => Inner.ListWaitingWorkflowsAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual IDisposable Listen(ITaskStoreListener listener) => Inner.Listen(listener);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default) => Inner.ListQueuesAsync(cancellationToken);
    /// <inheritdoc />
    public virtual Task SetQueuePausedAsync(string queue, bool paused, CancellationToken cancellationToken = default) => Inner.SetQueuePausedAsync(queue, paused, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> ListPausedQueuesAsync(CancellationToken cancellationToken = default) => Inner.ListPausedQueuesAsync(cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default) => Inner.PauseAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord> ResumeAsync(string id, CancellationToken cancellationToken = default) => Inner.ResumeAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord> RetryAsync(string id, CancellationToken cancellationToken = default) => Inner.RetryAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRecord> DeleteAsync(string id, CancellationToken cancellationToken = default) => Inner.DeleteAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TaskRelease>> FindStaleAttemptsAsync(IReadOnlyList<TaskRelease> attempts, CancellationToken cancellationToken = default) => Inner.FindStaleAttemptsAsync(attempts, cancellationToken);
    /// <inheritdoc />
    public virtual Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default) => Inner.AppendLogsAsync(lines, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default) => Inner.GetLogsAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id, CancellationToken cancellationToken = default) => Inner.GetAttemptsAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max, CancellationToken cancellationToken = default) => Inner.ReadEventsAsync(queue, after, max, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id, CancellationToken cancellationToken = default) => Inner.GetTaskEventsAsync(id, cancellationToken);
    /// <inheritdoc />
    public virtual Task SetQueueLimitsAsync(string queue, QueueLimits limits, CancellationToken cancellationToken = default) => Inner.SetQueueLimitsAsync(queue, limits, cancellationToken);
    /// <inheritdoc />
    public virtual Task<QueueLimits> GetQueueLimitsAsync(string queue, CancellationToken cancellationToken = default) => Inner.GetQueueLimitsAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual Task<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => Inner.GetQueueStatsAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual Task<int> SweepFinishedAsync(string queue, int max = 1000, CancellationToken cancellationToken = default) => Inner.SweepFinishedAsync(queue, max, cancellationToken);
    /// <inheritdoc />
    public virtual Task<ClaimBatch> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default) => Inner.ClaimAsync(request, cancellationToken);
    /// <inheritdoc />
    public virtual Task<long> AdvanceRoundRobinAsync(string queue, int count, CancellationToken cancellationToken = default) => Inner.AdvanceRoundRobinAsync(queue, count, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> ListRoutedSilosAsync(string queue, CancellationToken cancellationToken = default) => Inner.ListRoutedSilosAsync(queue, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<RoutedTask>> ListRoutedAsync(string queue, string silo, int max, CancellationToken cancellationToken = default) => Inner.ListRoutedAsync(queue, silo, max, cancellationToken);
    /// <inheritdoc />
    public virtual Task<IReadOnlyList<bool>> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves, CancellationToken cancellationToken = default) => Inner.RerouteAsync(queue, moves, cancellationToken);
    /// <inheritdoc />
    public virtual Task SetQueueRoutingAsync(string queue, TaskRouting? routing, CancellationToken cancellationToken = default) => Inner.SetQueueRoutingAsync(queue, routing, cancellationToken);
    /// <inheritdoc />
    public virtual Task<TaskRouting?> GetQueueRoutingAsync(string queue, CancellationToken cancellationToken = default) => Inner.GetQueueRoutingAsync(queue, cancellationToken);
}
