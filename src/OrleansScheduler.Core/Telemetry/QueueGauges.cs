using System.Diagnostics.Metrics;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Telemetry;

/// <summary>
/// The cluster-wide queue gauges' values (depth and oldest pending age per queue), read from the store by the
/// scheduler grain and only on its silo (<see cref="RefreshAsync"/> from its tick, <see cref="Clear"/> as it
/// deactivates). Every other silo holds none and its gauges yield nothing, so summing a scrape of every silo
/// counts each queue once. Values older than <see cref="StaleAfter"/> are dropped too: a silo that lost the
/// grain without deactivating it (declared dead while it stalled) stops reporting by itself.
/// </summary>
public sealed class QueueGauges(TimeProvider clock)
{
    /// <summary>How often the scheduler grain reads the queues' stats for the gauges.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    /// <summary>How old values may be and still be reported.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(15);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyList<QueueStats> Queues, DateTimeOffset TakenAt);

    /// <summary>Whether a refresh is due (none yet, or the last is <see cref="RefreshInterval"/> old).</summary>
    public bool IsDue => _snapshot is not { } s || clock.GetUtcNow() - s.TakenAt >= RefreshInterval;

    /// <summary>Reads every known queue's stats from <paramref name="store"/> and reports them from now on.</summary>
    public async Task RefreshAsync(IQueueAdmin store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stats = new List<QueueStats>();
        foreach (string queue in await store.ListQueuesAsync(cancellationToken).ConfigureAwait(false))
            stats.Add(await store.GetQueueStatsAsync(queue, cancellationToken).ConfigureAwait(false));
        _snapshot = new Snapshot(stats, clock.GetUtcNow());
    }

    /// <summary>This silo reports no queue gauges any more (the scheduler grain left it).</summary>
    public void Clear() => _snapshot = null;

    /// <summary>Pending tasks per queue (tag <c>queue</c>); none on a silo without the scheduler grain.</summary>
    public IEnumerable<Measurement<long>> Depth() =>
        Current().Select(q => new Measurement<long>(q.Counts.GetValueOrDefault(TaskState.Pending), new KeyValuePair<string, object?>("queue", q.Queue)));

    /// <summary>The oldest Pending task's age per queue in seconds (0 with none Pending).</summary>
    public IEnumerable<Measurement<double>> OldestPendingAge() =>
        Current().Select(q => new Measurement<double>(q.OldestPendingAge?.TotalSeconds ?? 0, new KeyValuePair<string, object?>("queue", q.Queue)));

    private IReadOnlyList<QueueStats> Current() =>
        _snapshot is { } s && clock.GetUtcNow() - s.TakenAt <= StaleAfter ? s.Queues : [];
}
