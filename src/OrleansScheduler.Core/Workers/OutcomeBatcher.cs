using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Workers;

/// <summary>
/// Collects attempt outcomes and stores them in batches: one store call takes everything that
/// finished while the previous call was in flight (up to the batch size), so under load the
/// store sees few large calls and at low load an outcome is stored at once. <paramref name="afterStored"/>
/// runs after each batch is stored, so the worker claims again: a completion or failure frees a slot of
/// a queue at its concurrency limit (the claim made when the attempt ended still saw it Running), and a
/// retry may now be Scheduled sooner than the worker expected to look again. Outcomes the store accepts are
/// counted in <paramref name="metrics"/> (succeeded, retried, failed), rejected ones are not.
/// A store call that fails (a dropped connection, a timeout) is made again, with a backoff doubling from 100 ms to
/// 2 s, for as long as one of its attempts could still be current: until the latest of their deadlines (on
/// <paramref name="clock"/>, the store's), after which the store times them out anyway; and once the silo stops,
/// for no longer than <see cref="StopRetryingAfter"/> allows. Retrying is safe: an outcome whose first call ran but
/// whose reply was lost is answered <see cref="OutcomeResult.AlreadyRecorded"/>, and counted then, once.
/// </summary>
internal sealed class OutcomeBatcher(ITaskStore store, int batchSize, ILogger logger, Action afterStored, TimeProvider clock, SchedulerMetrics? metrics = null)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(2);
    // An outcome that names no claimed task (none does in the silo; tests may) has no deadline to go by.
    private static readonly TimeSpan UnknownDeadlineWindow = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _giveUp = new();
    private int _givingUp;
    private readonly Channel<AttemptOutcome> _outcomes = Channel.CreateUnbounded<AttemptOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushes = [];
    private long _added, _stored;

    public void Add(AttemptOutcome outcome)
    {
        // Counted under the lock in channel order, so "stored up to n" means the first n added.
        lock (_gate)
        {
            if (_outcomes.Writer.TryWrite(outcome)) _added++;
        }
    }

    /// <summary>Completes once every outcome added before the call was stored, rejected or given up on.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            if (_stored >= _added) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushes.Add((_added, done));
            return done.Task;
        }
    }

    /// <summary>
    /// The silo is stopping: calls still failing <paramref name="window"/> from now are given up on (their attempts time
    /// out and run again). Only the first call counts.
    /// </summary>
    public void StopRetryingAfter(TimeSpan window)
    {
        if (Interlocked.Exchange(ref _givingUp, 1) == 0) _giveUp.CancelAfter(window);
    }

    /// <summary>No more outcomes will come; <see cref="RunAsync"/> ends once the rest is stored.</summary>
    public void Complete() => _outcomes.Writer.TryComplete();

    public async Task RunAsync()
    {
        // Each kind's outcomes beside the items sent for them, aligned, so an accepted one can be counted.
        var completions = new List<TaskCompletion>();
        var failures = new List<TaskFailure>();
        var waits = new List<TaskWait>();
        List<AttemptOutcome> completed = [], failed = [], waited = [];
        var reader = _outcomes.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (completions.Count + failures.Count + waits.Count < batchSize && reader.TryRead(out var outcome))
            {
                if (outcome.Completion is { } completion)
                {
                    completions.Add(completion);
                    completed.Add(outcome);
                }
                else if (outcome.Wait is { } wait)
                {
                    waits.Add(wait);
                    waited.Add(outcome);
                }
                else
                {
                    failures.Add(outcome.Failure!);
                    failed.Add(outcome);
                }
            }
            if (completions.Count > 0)
                Report(completions, completed, await StoreAsync(completions, completed, store.CompleteAsync, "complete").ConfigureAwait(false), c => (c.Id, c.Queue, c.Token));
            if (failures.Count > 0)
                Report(failures, failed, await StoreAsync(failures, failed, store.FailAsync, "fail").ConfigureAwait(false), f => (f.Id, f.Queue, f.Token));
            if (waits.Count > 0)
                Report(waits, waited, await StoreAsync(waits, waited, store.WaitForChildrenAsync, "wait_for_children").ConfigureAwait(false), w => (w.Id, w.Queue, w.Token));
            afterStored();
            Stored(completions.Count + failures.Count + waits.Count);
            completions.Clear();
            failures.Clear();
            waits.Clear();
            completed.Clear();
            failed.Clear();
            waited.Clear();
        }
    }

    private void Stored(int count)
    {
        lock (_gate)
        {
            _stored += count;
            foreach (var flush in _flushes.Where(f => f.Target <= _stored)) flush.Done.TrySetResult();
            _flushes.RemoveAll(f => f.Target <= _stored);
        }
    }

    private async Task<IReadOnlyList<OutcomeResult>?> StoreAsync<T>(List<T> batch, List<AttemptOutcome> outcomes,
        Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<OutcomeResult>>> write, string operation)
    {
        var validUntil = outcomes.Max(o => o.Claimed?.Deadline ?? clock.GetUtcNow() + UnknownDeadlineWindow);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                long started = Stopwatch.GetTimestamp();
                var results = await write(batch, CancellationToken.None).ConfigureAwait(false);
                metrics?.StoreCall(operation, started);
                return results;
            }
            // A bad argument is the call's fault, not the connection's: trying again cannot help.
            catch (Exception e) when (e is not ArgumentException && clock.GetUtcNow() < validUntil && !_giveUp.IsCancellationRequested)
            {
                Logging.Log.OutcomeFlushFailed(logger, e, batch.Count, attempt);
                await PauseAsync(attempt).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The attempts stay Running in the store until their deadline, then run again:
                // at least once, never lost.
                Logging.Log.OutcomeFlushAbandoned(logger, e, batch.Count);
                return null;
            }
        }
    }

    /// <summary>Waits before the next try; cut short when the stop's window closes, for one last try.</summary>
    private async Task PauseAsync(int attempt)
    {
        try
        {
            await Task.Delay(Backoff(attempt), _giveUp.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(attempt - 1, 10)));

    private void Report<T>(List<T> batch, List<AttemptOutcome> outcomes, IReadOnlyList<OutcomeResult>? results, Func<T, (string Id, string Queue, long Token)> describe)
    {
        if (results is null) return;
        for (int i = 0; i < results.Count; i++)
        {
            var (id, queue, token) = describe(batch[i]);
            if (results[i] == OutcomeResult.AlreadyRecorded) Logging.Log.OutcomeAlreadyRecorded(logger, id, queue, token);
            if (results[i] is OutcomeResult.Accepted or OutcomeResult.AlreadyRecorded)
            {
                Count(outcomes[i]);
                continue;
            }
            Logging.Log.OutcomeRejected(logger, id, queue, token, results[i]);
        }
    }

    private void Count(AttemptOutcome outcome)
    {
        if (metrics is null || outcome.Claimed is not { } task) return;
        if (outcome.Completion is not null) metrics.Succeeded(task);
        else if (outcome.Failure is { } failure) metrics.FailedAttempt(task, failure.Retryable);
    }
}
