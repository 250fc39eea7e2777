using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Handlers;
using OrleansScheduler.Hosting;
using OrleansScheduler.Logging;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Workers;

/// <summary>
/// A silo's worker engine (DESIGN.md §2): while slots are free, claim batches of ready tasks from the
/// queues it serves (slots split between backlogged queues by their weights) as this silo, run their
/// handlers on the thread pool, store outcomes and handlers' log lines in batches, and sleep until a
/// wake-up (<see cref="Wake"/>), a freed slot, the next scheduled task's due time or the poll interval.
/// The silo host starts it once the silo is Active in the cluster and stops it as the silo leaves:
/// gracefully (<see cref="DrainAsync"/>: stop claiming, let running attempts finish for up to the drain
/// timeout, hand the rest back) or as a crash would (<see cref="StopAsync"/> with no drain). A claim the
/// store refuses because it has requeued this silo's work means the cluster declared this silo dead: it
/// stops claiming for good and gives up what it runs.
/// </summary>
public sealed class SiloWorker : IAsyncDisposable
{
    /// <summary>How many times one claim request is sent before the worker waits for its poll interval.</summary>
    private const int ClaimTries = 3;

    /// <summary>The pause before a claim's second try; the third waits twice as long.</summary>
    private static readonly TimeSpan ClaimRetryBackoff = TimeSpan.FromMilliseconds(50);

    private readonly ITaskStore _store;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _clock;
    private readonly IWorkNotifier _notifier;
    private readonly IClaimAdvisor? _advisor;
    private readonly SchedulerMetrics? _metrics;
    private readonly ILogger<SiloWorker> _logger;
    private readonly AttemptRunner _runner;
    private readonly OutcomeBatcher _outcomes;
    private readonly TaskLogShipper _logs;
    private readonly WeightedQueueShares _shares;
    private readonly WakeSignal _wake = new();
    private readonly StaleAttemptWatcher _staleAttempts;
    private readonly CancellationTokenSource _stopping = new();
    // By queue: a claim whose every try failed may still have run (its reply lost). The next claim of the queue
    // sends its request id again, so the store hands back what it took instead of leaving it Running until its timeout.
    private readonly Dictionary<string, string> _unansweredClaims = new(StringComparer.Ordinal);
    // By task and token: a task failed over or timed out while its handler still runs here can be
    // claimed here again, and both attempts must be tracked (and abandoned) on their own.
    private readonly ConcurrentDictionary<(string Id, long Token), RunningAttempt> _attempts = new();
    // Guards _claiming together with starting attempts, so a snapshot taken when claiming stops
    // holds every attempt started before it.
    private readonly Lock _drainGate = new();
    private Task _flushing = Task.CompletedTask, _shipping = Task.CompletedTask, _watching = Task.CompletedTask, _claimLoop = Task.CompletedTask;
    private Task? _drain;
    private bool _started;
    private volatile bool _claiming;
    private volatile bool _requeued;
    private int _usedSlots;

    /// <summary>An engine claiming as <paramref name="siloId"/> (the silo's address); nothing runs until <see cref="Start"/>.</summary>
    /// <param name="store">The task store.</param>
    /// <param name="handlers">The handler types by task type.</param>
    /// <param name="services">Where handlers are resolved from, one scope per attempt.</param>
    /// <param name="options">The silo's options (validated).</param>
    /// <param name="siloId">The silo's address as tasks record their owner (<c>SiloAddress.ToParsableString()</c>).</param>
    /// <param name="clock">Where "now" comes from.</param>
    /// <param name="loggers">Loggers.</param>
    /// <param name="notifier">Told when tasks this silo hands back are ready for others; none by default.</param>
    /// <param name="advisor">Adds the other silos' loads to claims (least loaded, best fit); none by default.</param>
    /// <param name="metrics">Where attempts, outcomes and store calls are counted, and what reads this engine's gauges; none by default.</param>
    public SiloWorker(ITaskStore store, TaskHandlerRegistry handlers, IServiceProvider services, SchedulerOptions options, string siloId,
        TimeProvider clock, ILoggerFactory loggers, IWorkNotifier? notifier = null, IClaimAdvisor? advisor = null, SchedulerMetrics? metrics = null)
    {
        _advisor = advisor;
        _metrics = metrics;
        metrics?.Observe(this);
        _store = store;
        _options = options;
        SiloId = siloId;
        _clock = clock;
        _notifier = notifier ?? NoWorkNotifier.Instance;
        _logger = loggers.CreateLogger<SiloWorker>();
        _logs = new TaskLogShipper(store, _logger);
        _runner = new AttemptRunner(handlers, services, store, _options, clock, _logs, loggers, _notifier);
        _outcomes = new OutcomeBatcher(store, _options.CompletionBatchSize, _logger, _wake.Set, clock, metrics);
        _shares = new WeightedQueueShares([.. _options.Queues.Select(q => _options.QueueWeights.GetValueOrDefault(q, 1))]);
        _staleAttempts = new StaleAttemptWatcher(store, siloId, () => [.. _attempts.Values], Forget, _options, clock, _logger);
    }

    /// <summary>The silo the engine claims as.</summary>
    public string SiloId { get; }

    /// <summary>Attempts running on this silo now.</summary>
    public int RunningCount => _attempts.Count;

    /// <summary>Slots the running attempts take (each its task's cost): what <see cref="SchedulerOptions.Capacity"/> bounds.</summary>
    public int UsedSlots => Volatile.Read(ref _usedSlots);

    /// <summary>Slots free now (0 when the silo runs no workers).</summary>
    public int FreeSlots => _options.RunWorkers ? Math.Max(0, _options.Capacity - UsedSlots) : 0;

    /// <summary>Whether the engine claims work now (false before <see cref="Start"/>, after a drain began, and once its silo was requeued).</summary>
    public bool IsClaiming => _claiming;

    /// <summary>Whether a drain has begun.</summary>
    public bool IsDraining => Volatile.Read(ref _drain) is not null;

    /// <summary>Whether the store refused a claim because it had requeued this silo's work (the cluster declared it dead).</summary>
    public bool WasRequeued => _requeued;

    /// <summary>Starts claiming (when the options run workers), storing outcomes and shipping log lines, on the thread pool. Once only.</summary>
    public void Start()
    {
        lock (_drainGate)
        {
            if (_started) return;
            _started = true;
            _claiming = _options.RunWorkers;
        }
        _flushing = Task.Run(_outcomes.RunAsync, CancellationToken.None);
        _shipping = Task.Run(_logs.RunAsync, CancellationToken.None);
        if (!_options.RunWorkers) return;
        Log.WorkerStarted(_logger, SiloId, string.Join(",", _options.Queues), _options.Capacity);
        var stopping = _stopping.Token;
        _watching = Task.Run(() => _staleAttempts.RunAsync(stopping), CancellationToken.None);
        _claimLoop = Task.Run(() => ClaimLoopAsync(stopping), CancellationToken.None);
    }

    /// <summary>Work may be ready: claim now rather than at the next poll.</summary>
    public void Wake() => _wake.Set();

    /// <summary>The task was canceled: fire the tokens of its attempts running here (their outcomes are rejected anyway).</summary>
    public void Cancel(string taskId) => _staleAttempts.Cancel(taskId);

    /// <summary>
    /// Stops claiming for good, lets running attempts finish for up to the drain timeout, then hands the
    /// rest back to the store without counting their attempts and cancels their handlers, and stores every
    /// outcome and log line. Safe to call more than once; every caller waits for the same drain.
    /// </summary>
    public Task DrainAsync()
    {
        lock (_drainGate)
        {
            _claiming = false;
            return _drain ??= DrainCoreAsync();
        }
    }

    /// <summary>
    /// Stops the engine. <paramref name="graceful"/>: drain first (<see cref="DrainAsync"/>). Otherwise as
    /// a crash would: claiming and checking stop at once, with no drain and no hand-back, while the
    /// handlers running go on as zombies whose outcomes still reach the store, where their fencing tokens
    /// have them rejected once the cluster has failed this silo over.
    /// </summary>
    public async Task StopAsync(bool graceful)
    {
        if (graceful) await DrainAsync().ConfigureAwait(false);
        lock (_drainGate) _claiming = false;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_claimLoop, _watching).ConfigureAwait(false);
        if (!graceful) return;
        _outcomes.Complete();
        _logs.Complete();
        await Task.WhenAll(_flushing, _shipping).ConfigureAwait(false);
    }

    private async Task DrainCoreAsync()
    {
        await FinishOrHandBackAsync().ConfigureAwait(false);
        _outcomes.StopRetryingAfter(_options.DrainTimeout);
        // Done only once the outcomes are stored: a silo that leaves with outcomes still queued shows
        // tasks Running under a silo that is gone until the failover requeues them. The handlers' last
        // log lines go with them.
        await Task.WhenAll(_outcomes.FlushAsync(), _logs.FlushAsync()).ConfigureAwait(false);
    }

    private async Task FinishOrHandBackAsync()
    {
        var running = _attempts.Values.ToList();
        if (running.Count == 0) return;
        Log.Draining(_logger, SiloId, running.Count, _options.DrainTimeout);
        if (await WaitForAttemptsAsync(running, _options.DrainTimeout).ConfigureAwait(false)) return;

        var left = _attempts.Values.ToList();
        if (await HandBackAsync(left.Select(a => a.Task).ToList(), "drain timeout").ConfigureAwait(false) is false)
            Log.DrainTimedOut(_logger, SiloId, left.Count);
        foreach (var attempt in left) attempt.Abandon(_clock.GetUtcNow());
        // Handlers that ignore their token are left behind here; their outcomes will be rejected.
        await WaitForAttemptsAsync(left, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>
    /// The store refused a claim: it requeued this silo's work, because the cluster declared it dead. Stop
    /// claiming for good and give up every attempt. Their tasks run elsewhere with new tokens; what was
    /// claimed in queues the failover has not reached yet is handed back first, so it runs again at once.
    /// </summary>
    private async Task GiveUpAsync(string queue)
    {
        List<RunningAttempt> attempts;
        lock (_drainGate)
        {
            if (_requeued) return;
            _requeued = true;
            _claiming = false;
            attempts = [.. _attempts.Values];
        }
        Log.SiloRequeued(_logger, SiloId, queue, attempts.Count);
        await HandBackAsync(attempts.Select(a => a.Task).ToList(), "declared dead").ConfigureAwait(false);
        foreach (var attempt in attempts) attempt.Abandon(_clock.GetUtcNow());
    }

    /// <summary>
    /// Gives attempts back to the store without counting them and tells the other silos' workers; false
    /// when the store could not be reached: then they stay Running until their deadline or this silo's
    /// failover and run again. Late, but never lost.
    /// </summary>
    private async Task<bool> HandBackAsync(IReadOnlyList<ClaimedTask> tasks, string reason)
    {
        if (tasks.Count == 0) return true;
        try
        {
            long started = Stopwatch.GetTimestamp();
            var results = await _store.ReleaseAsync([.. tasks.Select(t => new TaskRelease(t.Id, t.Queue, t.Token))]).ConfigureAwait(false);
            _metrics?.StoreCall("release", started);
            Log.HandedBack(_logger, SiloId, results.Count(r => r == OutcomeResult.Accepted), reason);
            foreach (string queue in tasks.Where((_, i) => results[i] == OutcomeResult.Accepted).Select(t => t.Queue).Distinct(StringComparer.Ordinal))
                _notifier.WorkReady(queue);
            return true;
        }
        catch (Exception e)
        {
            Log.OutcomeFlushAbandoned(_logger, e, tasks.Count);
            return false;
        }
    }

    private async Task<bool> WaitForAttemptsAsync(IReadOnlyCollection<RunningAttempt> attempts, TimeSpan timeout)
    {
        var all = Task.WhenAll(attempts.Select(a => a.Finished));
        return await Task.WhenAny(all, Task.Delay(timeout, _clock)).ConfigureAwait(false) == all;
    }

    private async Task ClaimLoopAsync(CancellationToken cancellationToken)
    {
        var nextDue = new DateTimeOffset?[_options.Queues.Count];
        var mayHaveWork = new bool[_options.Queues.Count];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Array.Fill(mayHaveWork, true);
                await FillFreeSlotsAsync(mayHaveWork, nextDue, cancellationToken).ConfigureAwait(false);
                await _wake.WaitAsync(SleepTime(nextDue), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Claims until the silo is full or every queue came up short, one claim at a time from the
    /// queue whose weighted turn it is, each at most that queue's share of the free slots: when
    /// several queues have a backlog, slots go to them in proportion to their weights.
    /// </summary>
    private async Task FillFreeSlotsAsync(bool[] mayHaveWork, DateTimeOffset?[] nextDue, CancellationToken cancellationToken)
    {
        while (_claiming)
        {
            int free = _options.Capacity - UsedSlots;
            if (free <= 0 || _shares.Next(free, mayHaveWork) is not (int i, int share)) return;
            int want = Math.Min(share, _options.ClaimBatchSize);
            var batch = await ClaimAsync(_options.Queues[i], want, cancellationToken).ConfigureAwait(false);
            if (batch is { OwnerRequeued: true })
            {
                await GiveUpAsync(_options.Queues[i]).ConfigureAwait(false);
                return;
            }
            int claimed = batch?.Tasks.Count ?? 0;
            _shares.Claimed(i, want, claimed);
            // A queue that gave fewer than asked has no more ready now (or its limits hold them back).
            if (claimed < want) mayHaveWork[i] = false;
            if (batch is null) continue;
            nextDue[i] = batch.NextDueAt;
            // Claiming stopped while the claim was in flight (a drain): the batch is not ours to run.
            if (!TryStartAll(batch.Tasks)) await HandBackAsync(batch.Tasks, "claimed while stopping").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One claim, as one request: a try that fails (a dropped connection, a timeout) is made again with the same
    /// request id after a short backoff, so a claim that ran but whose reply was lost gets back the tasks it took
    /// (<see cref="ClaimRequest.RequestId"/>). Null when every try failed; the id is then kept for the queue's next claim.
    /// </summary>
    private async Task<ClaimBatch?> ClaimAsync(string queue, int max, CancellationToken cancellationToken)
    {
        var request = new ClaimRequest(queue, SiloId, max)
        {
            FreeSlots = Math.Max(0, _options.Capacity - UsedSlots),
            Labels = _options.Labels,
            DeferWindow = _options.LoadDeferWindow,
            RequestId = _unansweredClaims.GetValueOrDefault(queue) ?? ClaimRequest.NewRequestId(),
        };
        if (_advisor is not null) request = _advisor.Advise(request);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                long started = Stopwatch.GetTimestamp();
                var batch = await _store.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
                _metrics?.StoreCall("claim", started);
                _unansweredClaims.Remove(queue);
                return batch;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && attempt < ClaimTries && e is not ArgumentException)
            {
                Log.ClaimRetrying(_logger, e, queue, SiloId, attempt, request.RequestId!);
                await Task.Delay(ClaimRetryBackoff * attempt, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                _unansweredClaims[queue] = request.RequestId!;
                Log.ClaimFailed(_logger, e, queue, SiloId);
                await Task.Delay(_options.PollInterval, _clock, cancellationToken).ConfigureAwait(false);
                return null;
            }
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

    private bool TryStartAll(IReadOnlyList<ClaimedTask> tasks)
    {
        lock (_drainGate)
        {
            if (!_claiming) return false;
            foreach (var task in tasks) Run(task);
            return true;
        }
    }

    private void Run(ClaimedTask task)
    {
        var attempt = new RunningAttempt(task);
        _attempts[(task.Id, task.Token)] = attempt;
        Interlocked.Add(ref _usedSlots, task.Cost);
        _metrics?.Started(task, task.ReadyAt is { } ready ? _clock.GetUtcNow() - ready : null);
        _ = Task.Run(async () =>
        {
            try
            {
                long started = Stopwatch.GetTimestamp();
                var outcome = await _runner.RunAsync(attempt, SiloId).ConfigureAwait(false);
                _metrics?.Ran(task, Stopwatch.GetElapsedTime(started));
                // An attempt given up on purpose was already settled in the store (canceled, handed
                // back, failed over or timed out); its failure must never count as one of its own.
                if (outcome.Returned || attempt.AbandonedAt is null) _outcomes.Add(outcome with { Claimed = task });
            }
            finally
            {
                Leave(attempt);
            }
        });
    }

    /// <summary>Stops waiting for a handler that ignored its cancellation past the grace period: its slot is free again.</summary>
    private void Forget(RunningAttempt attempt) => Leave(attempt);

    /// <summary>The attempt no longer holds its slots (finished, or forgotten past the grace period); only the first call for it counts.</summary>
    private void Leave(RunningAttempt attempt)
    {
        if (_attempts.TryRemove((attempt.Task.Id, attempt.Task.Token), out _)) Interlocked.Add(ref _usedSlots, -attempt.Task.Cost);
        attempt.MarkFinished();
        _wake.Set();
    }

    /// <summary>Last resort for a stopped silo's zombies: the host is going away. Stops everything that still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var attempt in _attempts.Values) attempt.Abandon(_clock.GetUtcNow());
        await _stopping.CancelAsync().ConfigureAwait(false);
        _outcomes.StopRetryingAfter(_options.DrainTimeout);
        _outcomes.Complete();
        _logs.Complete();
        await Task.WhenAll(_claimLoop, _watching).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
