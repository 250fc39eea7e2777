using Microsoft.Extensions.Logging;
using OrleansScheduler.Logging;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// Ships the log lines handlers write to the store, in batches: a line waits at most
/// <see cref="Linger"/> for others to join it, a full batch goes at once. One per silo. Logs are
/// worth less than outcomes: a batch the store refuses is dropped with a warning (never retried,
/// never failing an attempt), and when handlers log faster than the store takes lines the oldest
/// waiting lines are dropped first (the stores keep a task's newest lines anyway).
/// </summary>
internal sealed class TaskLogShipper(ITaskStore store, ILogger logger, TimeSpan? linger = null, int batchSize = TaskLogShipper.DefaultBatchSize,
    int maxPending = TaskLogShipper.DefaultMaxPending)
{
    /// <summary>Most lines in one store call.</summary>
    public const int DefaultBatchSize = 500;

    /// <summary>Most lines waiting in memory; beyond it the oldest are dropped.</summary>
    public const int DefaultMaxPending = 10_000;

    /// <summary>How long a line waits for others before it is shipped (unless a batch fills or a flush asks first).</summary>
    public TimeSpan Linger { get; } = linger ?? TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    // Each line carries its number, so "every line numbered below n is settled" stays exact while
    // lines are dropped from the front during a store call.
    private readonly Queue<(long Number, TaskLogEntry Line)> _pending = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushes = [];
    private readonly WakeSignal _arrived = new();
    private readonly WakeSignal _hurry = new();
    private long _added, _settled;
    private int _dropped;
    private bool _completed;

    /// <summary>Queues one line; cheap and never blocks. Lines added after <see cref="Complete"/> are ignored.</summary>
    public void Add(TaskLogEntry line)
    {
        int waiting;
        lock (_gate)
        {
            if (_completed) return;
            if (_pending.Count >= maxPending)
            {
                _pending.Dequeue();
                _dropped++;
            }
            _pending.Enqueue((_added++, line));
            waiting = _pending.Count;
        }
        if (waiting == 1) _arrived.Set();
        if (waiting >= batchSize) _hurry.Set();
    }

    /// <summary>Completes once every line added before the call was stored, refused or dropped.</summary>
    public Task FlushAsync()
    {
        Task done;
        lock (_gate)
        {
            if (_settled >= _added) return Task.CompletedTask;
            var flush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushes.Add((_added, flush));
            done = flush.Task;
        }
        _hurry.Set();
        return done;
    }

    /// <summary>No more lines will come; <see cref="RunAsync"/> ends once the waiting ones are shipped.</summary>
    public void Complete()
    {
        lock (_gate) _completed = true;
        _arrived.Set();
        _hurry.Set();
    }

    public async Task RunAsync()
    {
        while (true)
        {
            var (waiting, urgent, completed) = State();
            if (waiting == 0)
            {
                if (completed) return;
                await _arrived.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            // Lines trickle in one at a time while handlers run: wait a moment so they go together.
            if (!urgent) await _hurry.WaitAsync(Linger, CancellationToken.None).ConfigureAwait(false);
            var batch = Take(out int dropped);
            if (dropped > 0) TaskLogShippingLog.LinesOverflowed(logger, dropped, maxPending);
            await ShipAsync(batch).ConfigureAwait(false);
            Settle();
        }
    }

    private (int Waiting, bool Urgent, bool Completed) State()
    {
        lock (_gate) return (_pending.Count, _pending.Count >= batchSize || _flushes.Count > 0 || _completed, _completed);
    }

    private List<TaskLogEntry> Take(out int dropped)
    {
        lock (_gate)
        {
            var batch = new List<TaskLogEntry>(Math.Min(_pending.Count, batchSize));
            while (batch.Count < batchSize && _pending.TryDequeue(out var item)) batch.Add(item.Line);
            dropped = _dropped;
            _dropped = 0;
            // Whatever hurried this batch is served; what should hurry the next one is in State().
            _hurry.Reset();
            return batch;
        }
    }

    private async Task ShipAsync(List<TaskLogEntry> batch)
    {
        try
        {
            await store.AppendLogsAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TaskLogShippingLog.LinesNotStored(logger, e, batch.Count);
        }
    }

    private void Settle()
    {
        lock (_gate)
        {
            _settled = _pending.TryPeek(out var next) ? next.Number : _added;
            foreach (var flush in _flushes.Where(f => f.Target <= _settled)) flush.Done.TrySetResult();
            _flushes.RemoveAll(f => f.Target <= _settled);
        }
    }
}
