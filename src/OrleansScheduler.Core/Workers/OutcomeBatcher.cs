using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// Collects attempt outcomes and stores them in batches: one store call takes everything that
/// finished while the previous call was in flight (up to the batch size), so under load the
/// store sees few large calls and at low load an outcome is stored at once. <paramref name="afterStored"/>
/// runs after each batch is stored, so the worker claims again: a completion or failure frees a slot of
/// a queue at its concurrency limit (the claim made when the attempt ended still saw it Running), and a
/// retry may now be Scheduled sooner than the worker expected to look again.
/// </summary>
internal sealed class OutcomeBatcher(ITaskStore store, int batchSize, ILogger logger, Action afterStored)
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
        var completions = new List<TaskCompletion>();
        var failures = new List<TaskFailure>();
        var waits = new List<TaskWait>();
        var reader = _outcomes.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (completions.Count + failures.Count + waits.Count < batchSize && reader.TryRead(out var outcome))
            {
                if (outcome.Completion is { } completion) completions.Add(completion);
                else if (outcome.Wait is { } wait) waits.Add(wait);
                else failures.Add(outcome.Failure!);
            }
            if (completions.Count > 0)
                Report(completions, await StoreAsync(completions, store.CompleteAsync).ConfigureAwait(false), c => (c.Id, c.Queue, c.Token));
            if (failures.Count > 0)
                Report(failures, await StoreAsync(failures, store.FailAsync).ConfigureAwait(false), f => (f.Id, f.Queue, f.Token));
            if (waits.Count > 0)
                Report(waits, await StoreAsync(waits, store.WaitForChildrenAsync).ConfigureAwait(false), w => (w.Id, w.Queue, w.Token));
            afterStored();
            Stored(completions.Count + failures.Count + waits.Count);
            completions.Clear();
            failures.Clear();
            waits.Clear();
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

    private async Task<IReadOnlyList<OutcomeResult>?> StoreAsync<T>(List<T> batch, Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<OutcomeResult>>> write)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await write(batch, CancellationToken.None).ConfigureAwait(false);
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

    private void Report<T>(List<T> batch, IReadOnlyList<OutcomeResult>? results, Func<T, (string Id, string Queue, long Token)> describe)
    {
        if (results is null) return;
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i] == OutcomeResult.Accepted) continue;
            var (id, queue, token) = describe(batch[i]);
            Logging.Log.OutcomeRejected(logger, id, queue, token, results[i]);
        }
    }
}
