using Microsoft.Extensions.Logging;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server.Routing;

/// <summary>
/// Routes tasks again when the membership changes (DESIGN.md §7): a silo that died leaves tasks routed to it
/// (its failover moved them to wait for a silo), a silo that joined may be the one pinned tasks wait for. On
/// each new snapshot, once the change is a moment old (so the failover ran and loads arrived), every queue is
/// reconciled (<see cref="RouteReconciler"/>), rebalancing consistent-hash tasks to their keys' owners (a silo that
/// joined takes its keys' waiting tasks). Every silo does it; the store's moves are idempotent, so the first wins
/// and the rest find nothing. The queue sweep reconciles every second as the backstop.
/// </summary>
internal sealed partial class RoutingListener(
    IClusterMembershipService membership, SiloLoadBoard board, ITaskStore store, RouteReconciler reconciler, IWorkNotifier notifier, ILogger<RoutingListener> logger)
    : ActiveSiloLoop
{
    /// <summary>How long after a change the reconcile runs: the dead silo's failover comes first.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the reconcile waits for the loads of silos that just joined (they say which queues they serve).</summary>
    private static readonly TimeSpan LoadPatience = TimeSpan.FromSeconds(2);

    protected override async Task RunAsync(CancellationToken stopping)
    {
        bool first = true;
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(stopping).ConfigureAwait(false))
            {
                if (first)
                {
                    first = false; // the snapshot the silo joined with: the queue sweep covers what was there before
                    continue;
                }
                await Task.Delay(Settle, stopping).ConfigureAwait(false);
                await WaitForLoadsAsync(stopping).ConfigureAwait(false);
                await ReconcileAllAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task WaitForLoadsAsync(CancellationToken stopping)
    {
        var until = DateTime.UtcNow + LoadPatience;
        while (DateTime.UtcNow < until && membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !board.Knows(m.SiloAddress.ToId())))
            await Task.Delay(50, stopping).ConfigureAwait(false);
    }

    private async Task ReconcileAllAsync(CancellationToken stopping)
    {
        try
        {
            foreach (string queue in await store.ListQueuesAsync(stopping).ConfigureAwait(false))
            {
                if (await reconciler.ReconcileAsync(queue, rebalance: true, stopping).ConfigureAwait(false) > 0) notifier.WorkReady(queue);
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            LogReconcileFailed(logger, e);
        }
    }

    [LoggerMessage(141, LogLevel.Warning, "Routing tasks again after a membership change failed; the queue sweep will retry")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}
