using Microsoft.Extensions.Logging;
using OrleansScheduler.Hosting;
using OrleansScheduler.Logging;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Failover;

/// <summary>
/// Fails a dead silo's work over (DESIGN.md §4): in every queue, its Running attempts get new tokens and
/// go back to Pending (or end Failed as poison past <see cref="SchedulerOptions.MaxFailovers"/>), the
/// store refuses its claims from then on, and the workers of each queue that got work back are woken.
/// Idempotent: every silo calls it when it sees the death, the first does the work and the rest find none
/// (so each task is counted once in <paramref name="metrics"/>, by the silo that moved it).
/// </summary>
public sealed class SiloFailover(ITaskStore store, SchedulerOptions options, IWorkNotifier notifier, ILogger logger, SchedulerMetrics? metrics = null)
{
    /// <summary>Requeues <paramref name="siloId"/>'s work in every queue; <paramref name="reason"/> says why, for the log.</summary>
    public async Task<FailoverResult> RequeueAsync(string siloId, string reason, CancellationToken cancellationToken = default)
    {
        Log.FailingOver(logger, siloId, reason);
        int requeued = 0, poisoned = 0;
        foreach (string queue in await store.ListQueuesAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = await store.RequeueSiloTasksAsync(queue, siloId, options.MaxFailovers, cancellationToken).ConfigureAwait(false);
            if (result.Requeued + result.Poisoned == 0) continue;
            Log.FailedOver(logger, siloId, queue, result.Requeued, result.Poisoned);
            metrics?.FailedOver(queue, result.Requeued, result.Poisoned);
            if (result.Requeued > 0) notifier.WorkReady(queue);
            requeued += result.Requeued;
            poisoned += result.Poisoned;
        }
        return new FailoverResult(requeued, poisoned);
    }
}
