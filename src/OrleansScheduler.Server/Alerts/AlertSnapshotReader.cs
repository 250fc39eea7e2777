using OrleansScheduler.Alerts;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Server.Alerts;

/// <summary>
/// Reads what the rules need, and only that: queue stats for the queue kinds, the <c>failed</c> events after each
/// queue's cursor for <see cref="AlertKind.TaskFailed"/>, the schedules for <see cref="AlertKind.CronMissed"/>, and
/// always the silos newly Dead in this silo's view of the membership (so a rule added later does not alert on old deaths).
/// </summary>
internal sealed class AlertSnapshotReader(ITaskStore store, IScheduleStore schedules, IClusterMembershipService membership)
{
    /// <summary>Events read per call.</summary>
    private const int Page = 500;

    /// <summary>Where reading each queue's events goes on from: after the last event read, or after <c>Start</c> for a queue not read yet.</summary>
    internal sealed class Cursors(string start)
    {
        public string Start { get; } = start;
        public Dictionary<string, string> Queues { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Cursors that start after every event older than <paramref name="from"/> (an event id is <c>&lt;unix ms&gt;-&lt;seq&gt;</c>).</summary>
    public Cursors StartAt(DateTimeOffset from) => new($"{Math.Max(0, from.ToUnixTimeMilliseconds())}-0");

    /// <summary>The silos Dead in this silo's view now.</summary>
    public IEnumerable<string> DeadSilos() =>
        membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress.ToId());

    /// <summary>The snapshot for <paramref name="rules"/> at <paramref name="now"/>, and the silos Dead now that <paramref name="knownDead"/> lacks.</summary>
    public async Task<(AlertSnapshot Snapshot, IReadOnlyList<string> NewlyDead)> ReadAsync(IReadOnlyList<AlertRule> rules, Cursors cursors,
        IReadOnlySet<string> knownDead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var newlyDead = DeadSilos().Where(s => !knownDead.Contains(s)).ToList();
        var snapshot = new AlertSnapshot { Now = now, DeadSilos = newlyDead };
        if (rules.Count == 0) return (snapshot, newlyDead);

        var queues = await store.ListQueuesAsync(cancellationToken);
        if (rules.Any(r => r.Kind is AlertKind.OldestPending or AlertKind.QueueDepth))
        {
            var stats = new List<QueueStats>();
            foreach (string queue in queues.Where(q => Watched(rules, q, AlertKind.OldestPending, AlertKind.QueueDepth)))
                stats.Add(await store.GetQueueStatsAsync(queue, cancellationToken));
            snapshot = snapshot with { Queues = stats };
        }
        if (rules.Any(r => r.Kind == AlertKind.TaskFailed))
        {
            var failures = new List<TaskEvent>();
            foreach (string queue in queues.Where(q => Watched(rules, q, AlertKind.TaskFailed)))
                failures.AddRange(await ReadFailuresAsync(queue, cursors, cancellationToken));
            snapshot = snapshot with { Failures = failures };
        }
        if (rules.Any(r => r.Kind == AlertKind.CronMissed)) snapshot = snapshot with { Schedules = await schedules.ListAsync(cancellationToken) };
        return (snapshot, newlyDead);
    }

    private async Task<List<TaskEvent>> ReadFailuresAsync(string queue, Cursors cursors, CancellationToken cancellationToken)
    {
        var failures = new List<TaskEvent>();
        string after = cursors.Queues.GetValueOrDefault(queue, cursors.Start);
        IReadOnlyList<TaskEvent> events;
        do
        {
            events = await store.ReadEventsAsync(queue, after, Page, cancellationToken);
            if (events.Count > 0) after = events[^1].Id;
            failures.AddRange(events.Where(e => e.Type == TaskEventTypes.Failed));
        }
        while (events.Count == Page);
        cursors.Queues[queue] = after;
        return failures;
    }

    private static bool Watched(IReadOnlyList<AlertRule> rules, string queue, params AlertKind[] kinds) =>
        rules.Any(r => kinds.Contains(r.Kind) && (r.Queue is null || r.Queue == queue));
}
