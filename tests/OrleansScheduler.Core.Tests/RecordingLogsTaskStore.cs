using System.Collections.Concurrent;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// A task store that keeps the log lines silos ship (in memory, in the order received) and counts
/// the calls that brought them, or refuses them when <see cref="FailLogs"/> is set. Everything
/// else passes straight through to <paramref name="inner"/>.
/// </summary>
internal sealed class RecordingLogsTaskStore(ITaskStore inner) : ITaskStore
{
    private readonly ConcurrentQueue<TaskLogEntry> _lines = new();
    private int _appendCalls;

    /// <summary>When set, every AppendLogsAsync call throws, as a store that cannot be reached would.</summary>
    public bool FailLogs { get; set; }

    public int AppendCalls => Volatile.Read(ref _appendCalls);

    public IReadOnlyList<TaskLogEntry> Lines => [.. _lines];

    public IReadOnlyList<TaskLogEntry> LinesOf(string id) => [.. _lines.Where(l => l.TaskId == id)];

    public Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        if (FailLogs) throw new InvalidOperationException("the log store is down on purpose");
        foreach (var line in lines) _lines.Enqueue(line);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TaskLogEntry>?>(LinesOf(id));

    public Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default) => inner.CompleteAsync(completions, cancellationToken);
    public Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default) => inner.SubmitAsync(tasks, cancellationToken);
    public Task<ClaimBatch> ClaimAsync(string queue, string siloId, int max, CancellationToken cancellationToken = default) => inner.ClaimAsync(queue, siloId, max, cancellationToken);
    public Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default) => inner.FailAsync(failures, cancellationToken);
    public Task<OutcomeResult> ReportProgressAsync(TaskProgress progress, CancellationToken cancellationToken = default) => inner.ReportProgressAsync(progress, cancellationToken);
    public Task<int> ExpireAttemptsAsync(string queue, CancellationToken cancellationToken = default) => inner.ExpireAttemptsAsync(queue, cancellationToken);
    public Task<IReadOnlyList<OutcomeResult>> ReleaseAsync(IReadOnlyList<TaskRelease> releases, CancellationToken cancellationToken = default) => inner.ReleaseAsync(releases, cancellationToken);
    public Task<FailoverResult> RequeueSiloTasksAsync(string queue, string siloId, int maxFailovers, CancellationToken cancellationToken = default) => inner.RequeueSiloTasksAsync(queue, siloId, maxFailovers, cancellationToken);
    public Task<int> PromoteDueAsync(string queue, CancellationToken cancellationToken = default) => inner.PromoteDueAsync(queue, cancellationToken);
    public Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);
    public Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);
    public Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);
    public Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default) => inner.ListQueuesAsync(cancellationToken);
    public Task<IAsyncDisposable> SubscribeToWorkAsync(string queue, Action onWork, CancellationToken cancellationToken = default) => inner.SubscribeToWorkAsync(queue, onWork, cancellationToken);
    public Task SetQueuePausedAsync(string queue, bool paused, CancellationToken cancellationToken = default) => inner.SetQueuePausedAsync(queue, paused, cancellationToken);
    public Task<IReadOnlyList<string>> ListPausedQueuesAsync(CancellationToken cancellationToken = default) => inner.ListPausedQueuesAsync(cancellationToken);
    public Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default) => inner.PauseAsync(id, cancellationToken);
    public Task<TaskRecord> ResumeAsync(string id, CancellationToken cancellationToken = default) => inner.ResumeAsync(id, cancellationToken);
    public Task<TaskRecord> RetryAsync(string id, CancellationToken cancellationToken = default) => inner.RetryAsync(id, cancellationToken);
    public Task<TaskRecord> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);
    public Task<IReadOnlyList<TaskRelease>> FindStaleAttemptsAsync(IReadOnlyList<TaskRelease> attempts, CancellationToken cancellationToken = default) => inner.FindStaleAttemptsAsync(attempts, cancellationToken);
    public Task<IAsyncDisposable> SubscribeToCancellationsAsync(string siloId, Action<string> onCanceled, CancellationToken cancellationToken = default) => inner.SubscribeToCancellationsAsync(siloId, onCanceled, cancellationToken);
    public Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id, CancellationToken cancellationToken = default) => inner.GetAttemptsAsync(id, cancellationToken);
    public Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max, CancellationToken cancellationToken = default) => inner.ReadEventsAsync(queue, after, max, cancellationToken);
    public Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id, CancellationToken cancellationToken = default) => inner.GetTaskEventsAsync(id, cancellationToken);
    public Task SetQueueLimitsAsync(string queue, QueueLimits limits, CancellationToken cancellationToken = default) => inner.SetQueueLimitsAsync(queue, limits, cancellationToken);
    public Task<QueueLimits> GetQueueLimitsAsync(string queue, CancellationToken cancellationToken = default) => inner.GetQueueLimitsAsync(queue, cancellationToken);
    public Task<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => inner.GetQueueStatsAsync(queue, cancellationToken);
    public Task<int> SweepFinishedAsync(string queue, int max = 1000, CancellationToken cancellationToken = default) => inner.SweepFinishedAsync(queue, max, cancellationToken);
}
