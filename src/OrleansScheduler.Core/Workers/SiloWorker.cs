using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Handlers;
using OrleansScheduler.Hosting;
using OrleansScheduler.Logging;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// The silo's worker pool (DESIGN.md §6): while slots are free, claim a batch of ready tasks from
/// the queues it serves (round robin), run their handlers on the thread pool, store outcomes in
/// batches, and sleep until a wake-up from the store, a freed slot, the next scheduled task's due
/// time or the poll interval. On shutdown it stops claiming, lets running attempts finish for up
/// to the drain timeout, then cancels the rest (they fail as retryable and run again).
/// </summary>
public sealed class SiloWorker : BackgroundService
{
    private readonly ITaskStore _store;
    private readonly SchedulerOptions _options;
    private readonly SiloIdentity _silo;
    private readonly TimeProvider _clock;
    private readonly ILogger<SiloWorker> _logger;
    private readonly AttemptRunner _runner;
    private readonly OutcomeBatcher _outcomes;
    private readonly WakeSignal _wake = new();
    private readonly CancellationTokenSource _attemptsCanceled = new();
    private readonly TaskCompletionSource _allAttemptsDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private volatile bool _stopping;

    /// <summary>Created by the host; see <c>AddScheduler</c>.</summary>
    public SiloWorker(ITaskStore store, TaskHandlerRegistry handlers, IServiceProvider services, IOptions<SchedulerOptions> options,
        SiloIdentity silo, TimeProvider clock, ILoggerFactory loggers)
    {
        _store = store;
        _options = options.Value;
        _silo = silo;
        _clock = clock;
        _logger = loggers.CreateLogger<SiloWorker>();
        _runner = new AttemptRunner(handlers, services, store, silo.Id, loggers);
        _outcomes = new OutcomeBatcher(store, _options.CompletionBatchSize, _logger);
    }

    /// <summary>The silo id the worker claims under.</summary>
    public string SiloId => _silo.Id;

    /// <summary>Attempts running on this silo now.</summary>
    public int RunningCount => Volatile.Read(ref _running);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunWorkers) return;
        Log.WorkerStarted(_logger, _silo.Id, string.Join(",", _options.Queues), _options.Capacity);
        var subscriptions = new List<IAsyncDisposable>();
        foreach (string queue in _options.Queues)
            subscriptions.Add(await _store.SubscribeToWorkAsync(queue, _wake.Set, stoppingToken).ConfigureAwait(false));
        var flushing = Task.Run(_outcomes.RunAsync, CancellationToken.None);
        var sweeping = Task.Run(() => SweepExpiredAsync(stoppingToken), CancellationToken.None);
        try
        {
            await ClaimLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _stopping = true;
            foreach (var subscription in subscriptions) await subscription.DisposeAsync().ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            _outcomes.Complete();
            await flushing.ConfigureAwait(false);
            await sweeping.ConfigureAwait(false);
        }
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        var queues = _options.Queues;
        var nextDue = new DateTimeOffset?[queues.Count];
        int start = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool mayHaveMore = false;
            for (int n = 0; n < queues.Count; n++)
            {
                int free = _options.Capacity - RunningCount;
                if (free <= 0) break;
                int i = (start + n) % queues.Count;
                int want = Math.Min(free, _options.ClaimBatchSize);
                var batch = await ClaimAsync(queues[i], want, stoppingToken).ConfigureAwait(false);
                if (batch is null) continue;
                nextDue[i] = batch.NextDueAt;
                foreach (var task in batch.Tasks) Start(task);
                mayHaveMore |= batch.Tasks.Count == want;
            }
            start = (start + 1) % queues.Count;
            if (mayHaveMore && RunningCount < _options.Capacity) continue;
            await _wake.WaitAsync(SleepTime(nextDue), stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<ClaimBatch?> ClaimAsync(string queue, int max, CancellationToken stoppingToken)
    {
        try
        {
            return await _store.ClaimAsync(queue, _silo.Id, max, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            Log.ClaimFailed(_logger, e, queue, _silo.Id);
            await Task.Delay(_options.PollInterval, _clock, stoppingToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Until the poll interval, or sooner when a scheduled task falls due.</summary>
    private TimeSpan SleepTime(DateTimeOffset?[] nextDue)
    {
        var sleep = _options.PollInterval;
        var now = _clock.GetUtcNow();
        foreach (var due in nextDue)
        {
            if (due is { } at && at - now < sleep) sleep = at - now;
        }
        return sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep;
    }

    private void Start(ClaimedTask task)
    {
        Interlocked.Increment(ref _running);
        _ = Task.Run(async () =>
        {
            try
            {
                _outcomes.Add(await _runner.RunAsync(task, _attemptsCanceled.Token).ConfigureAwait(false));
            }
            finally
            {
                if (Interlocked.Decrement(ref _running) == 0 && _stopping) _allAttemptsDone.TrySetResult();
                _wake.Set();
            }
        });
    }

    private async Task DrainAsync()
    {
        int running = RunningCount;
        if (running > 0)
        {
            Log.Draining(_logger, _silo.Id, running, _options.DrainTimeout);
            if (RunningCount == 0) _allAttemptsDone.TrySetResult();
            var drained = await Task.WhenAny(_allAttemptsDone.Task, Task.Delay(_options.DrainTimeout, _clock)).ConfigureAwait(false);
            if (drained != _allAttemptsDone.Task)
            {
                Log.DrainTimedOut(_logger, _silo.Id, RunningCount);
                await _attemptsCanceled.CancelAsync().ConfigureAwait(false);
                if (RunningCount == 0) _allAttemptsDone.TrySetResult();
                // Handlers that ignore their token are abandoned here; the store times their attempts out.
                await Task.WhenAny(_allAttemptsDone.Task, Task.Delay(TimeSpan.FromSeconds(5), _clock)).ConfigureAwait(false);
            }
        }
    }

    private async Task SweepExpiredAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ExpirySweepInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (string queue in _options.Queues)
                {
                    try
                    {
                        int expired = await _store.ExpireAttemptsAsync(queue, stoppingToken).ConfigureAwait(false);
                        if (expired > 0) Log.AttemptsExpired(_logger, expired, queue);
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        Log.ExpirySweepFailed(_logger, e, queue);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _attemptsCanceled.Dispose();
        base.Dispose();
    }
}
