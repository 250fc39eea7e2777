using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>A store that fails every call with a message holding a secret, to prove the gateway's 500s do not pass it on.</summary>
public sealed class BrokenTaskStore : ITaskStore
{
    /// <summary>The text that must never reach a client.</summary>
    public const string Secret = "password=hunter2";

    private static InvalidOperationException Failure() => new($"store unreachable ({Secret})");

    public Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default) => throw Failure();
    public Task<ClaimBatch> ClaimAsync(string queue, string siloId, int max, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default) => throw Failure();
    public Task<OutcomeResult> ReportProgressAsync(TaskProgress progress, CancellationToken cancellationToken = default) => throw Failure();
    public Task<int> ExpireAttemptsAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<OutcomeResult>> ReleaseAsync(IReadOnlyList<TaskRelease> releases, CancellationToken cancellationToken = default) => throw Failure();
    public Task<FailoverResult> RequeueSiloTasksAsync(string queue, string siloId, int maxFailovers, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<RunningOwner>> ListRunningOwnersAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public Task<int> PromoteDueAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRecord> CancelAsync(string id, string? reason, CancellationToken cancellationToken = default) => throw Failure();
    public Task<SubmittedFamily> SubmitFamilyAsync(FamilySubmission family, CancellationToken cancellationToken = default) => throw Failure();
    public Task<SpawnResult> SpawnChildrenAsync(ChildSpawn spawn, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<OutcomeResult>> WaitForChildrenAsync(IReadOnlyList<TaskWait> waits, CancellationToken cancellationToken = default) => throw Failure();
    public Task<ChildPage?> GetChildrenAsync(string parentId, int start, int max, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRecord> UnblockAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<int> DeliverNoticesAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<string>> ListWaitingWorkflowsAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public IDisposable Listen(ITaskStoreListener listener) => new TaskStoreListeners().Add(listener);
    public Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRecord> ResumeAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRecord> RetryAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRecord> DeleteAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<TaskRelease>> FindStaleAttemptsAsync(IReadOnlyList<TaskRelease> attempts, CancellationToken cancellationToken = default) => throw Failure();
    public Task SetQueuePausedAsync(string queue, bool paused, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<string>> ListPausedQueuesAsync(CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default) => throw Failure();
    public Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id, CancellationToken cancellationToken = default) => throw Failure();
    public Task SetQueueLimitsAsync(string queue, QueueLimits limits, CancellationToken cancellationToken = default) => throw Failure();
    public Task<QueueLimits> GetQueueLimitsAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public Task<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public Task<int> SweepFinishedAsync(string queue, int max = 1000, CancellationToken cancellationToken = default) => throw Failure();
    public Task<ClaimBatch> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default) => throw Failure();
    public Task<long> AdvanceRoundRobinAsync(string queue, int count, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<string>> ListRoutedSilosAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<RoutedTask>> ListRoutedAsync(string queue, string silo, int max, CancellationToken cancellationToken = default) => throw Failure();
    public Task<IReadOnlyList<bool>> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves, CancellationToken cancellationToken = default) => throw Failure();
    public Task SetQueueRoutingAsync(string queue, TaskRouting? routing, CancellationToken cancellationToken = default) => throw Failure();
    public Task<TaskRouting?> GetQueueRoutingAsync(string queue, CancellationToken cancellationToken = default) => throw Failure();
}
