using Microsoft.Extensions.Logging;
using OrleansScheduler.Hosting;
using OrleansScheduler.Logging;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// Stops handlers whose attempt is no longer current: a task canceled while it runs (told at once by
/// a message to the silo's worker grain, <see cref="Cancel"/>), and, as the fallback for a missed
/// message, every attempt the store no longer holds as current (canceled, timed out, failed over,
/// deleted), found each <see cref="SchedulerOptions.AttemptCheckInterval"/>. A handler that ignores its
/// token is forgotten after the grace period, so its slot is free again; whatever it reports later is
/// rejected by its fencing token.
/// </summary>
internal sealed class StaleAttemptWatcher(
    ITaskStore store,
    string siloId,
    Func<IReadOnlyCollection<RunningAttempt>> attempts,
    Action<RunningAttempt> forget,
    SchedulerOptions options,
    TimeProvider clock,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var tick = new PeriodicTimer(options.AttemptCheckInterval, clock);
        try
        {
            do
            {
                try
                {
                    await CheckAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.StaleCheckFailed(logger, e, siloId);
                }
            }
            while (await tick.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The task was canceled: abandon every attempt of it running here.</summary>
    public void Cancel(string taskId)
    {
        foreach (var attempt in attempts().Where(a => a.Task.Id == taskId))
        {
            Log.AttemptCanceled(logger, taskId, attempt.Task.Queue, siloId);
            attempt.Abandon(clock.GetUtcNow());
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var live = attempts().Where(a => a.AbandonedAt is null).ToList();
        if (live.Count > 0)
        {
            var stale = (await store.FindStaleAttemptsAsync([.. live.Select(a => new TaskRelease(a.Task.Id, a.Task.Queue, a.Task.Token))], cancellationToken)
                .ConfigureAwait(false)).Select(a => (a.Id, a.Token)).ToHashSet();
            foreach (var attempt in live.Where(a => stale.Contains((a.Task.Id, a.Task.Token)))) attempt.Abandon(clock.GetUtcNow());
        }
        var now = clock.GetUtcNow();
        foreach (var attempt in attempts())
        {
            if (attempt.AbandonedAt is { } at && now - at > options.CancellationGracePeriod)
            {
                Log.HandlerAbandoned(logger, attempt.Task.Id, attempt.Task.Queue, siloId, options.CancellationGracePeriod);
                forget(attempt);
            }
        }
    }
}
