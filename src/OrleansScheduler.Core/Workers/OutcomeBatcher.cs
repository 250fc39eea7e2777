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
/// </summary>
internal sealed class OutcomeBatcher(ITaskStore store, int batchSize, ILogger logger, Action afterStored, SchedulerMetrics? metrics = null)
{
    private const int MaxTries = 5;
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
                Report(completions, completed, await StoreAsync(completions, store.CompleteAsync, "complete").ConfigureAwait(false), c => (c.Id, c.Queue, c.Token));
            if (failures.Count > 0)
                Report(failures, failed, await StoreAsync(failures, store.FailAsync, "fail").ConfigureAwait(false), f => (f.Id, f.Queue, f.Token));
            if (waits.Count > 0)
                Report(waits, waited, await StoreAsync(waits, store.WaitForChildrenAsync, "wait_for_children").ConfigureAwait(false), w => (w.Id, w.Queue, w.Token));
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

    private async Task<IReadOnlyList<OutcomeResult>?> StoreAsync<T>(List<T> batch, Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<OutcomeResult>>> write,
        string operation)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                long started = Stopwatch.GetTimestamp();
                var results = await write(batch, CancellationToken.None).ConfigureAwait(false);
                metrics?.StoreCall(operation, started);
                return results;
            }
            catch (Exception e) when (attempt < MaxTries)
            {
                Logging.Log.OutcomeFlushFailed(logger, e, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt)).ConfigureAwait(false);
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

    private void Report<T>(List<T> batch, List<AttemptOutcome> outcomes, IReadOnlyList<OutcomeResult>? results, Func<T, (string Id, string Queue, long Token)> describe)
    {
        if (results is null) return;
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i] == OutcomeResult.Accepted)
            {
                Count(outcomes[i]);
                continue;
            }
            var (id, queue, token) = describe(batch[i]);
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
