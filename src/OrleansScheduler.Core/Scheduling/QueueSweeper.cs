using Microsoft.Extensions.Logging;
using OrleansScheduler.Logging;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Scheduling;

/// <summary>
/// A queue's periodic work (the queue grain runs it when the scheduler grain says): due Scheduled tasks
/// become Pending (and the queue's workers are woken), attempts past their deadline are timed out, and
/// finished tasks past the queue's retention are removed, and the notices a crashed transition left for
/// parents in other queues and for workflows are delivered, and routed tasks whose silo is gone, that wait
/// for a silo or that waited too long for theirs are routed again (the backstop of the membership listener's
/// reconcile). Each step is idempotent.
/// </summary>
public sealed class QueueSweeper(ITaskStore store, IWorkNotifier notifier, ILogger logger, RouteReconciler? reconciler = null)
{
    /// <summary>Sweeps <paramref name="queue"/> once.</summary>
    public async Task SweepAsync(string queue, CancellationToken cancellationToken = default)
    {
        if (await store.PromoteDueAsync(queue, cancellationToken).ConfigureAwait(false) > 0) notifier.WorkReady(queue);
        int expired = await store.ExpireAttemptsAsync(queue, cancellationToken).ConfigureAwait(false);
        if (expired > 0) Log.AttemptsExpired(logger, expired, queue);
        await store.SweepFinishedAsync(queue, cancellationToken: cancellationToken).ConfigureAwait(false);
        await store.DeliverNoticesAsync(queue, cancellationToken).ConfigureAwait(false);
        if (reconciler is not null && await reconciler.ReconcileAsync(queue, cancellationToken).ConfigureAwait(false) > 0) notifier.WorkReady(queue);
    }
}
