using Microsoft.Extensions.Logging;
using OrleansScheduler.Hosting;
using OrleansScheduler.Logging;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Membership;

/// <summary>
/// Finds silos that went silent and fails their work over (DESIGN.md §5). Any live silo may run
/// it: the declaration re-checks the heartbeat age atomically and only one caller wins it, and the
/// requeue is idempotent, so a declarer that dies half way is finished by the next sweep.
/// <c>interval</c> is how often the caller runs <see cref="DetectAsync"/>: its heartbeat or sweep interval.
/// </summary>
internal sealed class FailureDetector(IClusterStore cluster, ITaskStore tasks, SchedulerOptions options, TimeSpan interval, TimeProvider clock, ILogger logger)
{
    /// <summary>
    /// A run this much later than the previous one means this silo was itself stalled. Beyond
    /// DeadAfter less one heartbeat, a stall shared with the others (one process, a store outage)
    /// makes healthy heartbeats look older than DeadAfter; never below two intervals, so detection
    /// keeps running when DeadAfter is close to the interval.
    /// </summary>
    private readonly TimeSpan _lateAfter = TimeSpan.FromTicks(Math.Max((options.DeadAfter - options.HeartbeatInterval).Ticks, 2 * interval.Ticks));
    private DateTimeOffset? _lastRun;

    /// <summary>
    /// Declares every silo silent for longer than DeadAfter dead, and requeues the tasks of those this
    /// call declared. Judges nobody on its first run or when it runs late: a silo that was paused (GC,
    /// a starved thread pool, the store out of reach) sees every heartbeat as old, and the others'
    /// heartbeats are due again within one interval of its own.
    /// </summary>
    public Task DetectAsync(string selfId, CancellationToken cancellationToken) => RunAsync(selfId, finishFailovers: false, cancellationToken);

    /// <summary>
    /// The scheduler role's sweep: <see cref="DetectAsync"/>, then requeues the tasks of dead silos
    /// whose failover was not finished (their declarer died half way), from one read of the table.
    /// Finishing failovers needs no judgement of heartbeats, so it runs even when detection skips.
    /// </summary>
    public Task DetectAndFinishFailoversAsync(string selfId, CancellationToken cancellationToken) => RunAsync(selfId, finishFailovers: true, cancellationToken);

    private async Task RunAsync(string selfId, bool finishFailovers, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var previous = _lastRun;
        _lastRun = now;
        bool late = previous is not null && now - previous > _lateAfter;
        if (late) Log.DetectionSkipped(logger, selfId, (now - previous!.Value).TotalMilliseconds);
        bool judge = previous is not null && !late;
        if (!judge && !finishFailovers) return;

        var silos = await cluster.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var silo in judge ? silos : [])
        {
            if (silo.Id == selfId || silo.Status == SiloStatus.Dead || now - silo.LastHeartbeat <= options.DeadAfter) continue;
            if (!await cluster.DeclareDeadAsync(silo.Id, options.DeadAfter, cancellationToken).ConfigureAwait(false)) continue;
            Log.SiloDeclaredDead(logger, silo.Id, (now - silo.LastHeartbeat).TotalMilliseconds, selfId);
            await FailoverAsync(silo.Id, cancellationToken).ConfigureAwait(false);
        }
        // The list was read before this call's declarations, so a silo declared just now (and
        // failed over above) is not listed as Dead here and is not failed over twice.
        foreach (var silo in finishFailovers ? silos : [])
        {
            if (silo.Status == SiloStatus.Dead && !silo.FailoverDone) await FailoverAsync(silo.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FailoverAsync(string siloId, CancellationToken cancellationToken)
    {
        foreach (string queue in await tasks.ListQueuesAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = await tasks.RequeueSiloTasksAsync(queue, siloId, options.MaxFailovers, cancellationToken).ConfigureAwait(false);
            if (result.Requeued + result.Poisoned > 0) Log.FailedOver(logger, siloId, queue, result.Requeued, result.Poisoned);
        }
        await cluster.MarkFailoverDoneAsync(siloId, cancellationToken).ConfigureAwait(false);
    }
}
