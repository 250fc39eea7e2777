using System.Collections.Concurrent;
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
/// The silo's worker pool (DESIGN.md §6): while slots are free, claim batches of ready tasks from
/// the queues it serves (slots split between backlogged queues by their weights) under the silo's
/// current incarnation, run their handlers on the thread pool, store outcomes and handlers' log
/// lines in batches, and sleep until a wake-up from the store, a freed slot, the next scheduled
/// task's due time or the poll interval. It claims only while the membership agent says the silo
/// is in the cluster. Draining (shutdown or on request) stops
/// claiming, lets running attempts finish for up to the drain timeout and hands the rest back.
/// </summary>
public sealed class SiloWorker : BackgroundService
{
    private readonly ITaskStore _store;
    private readonly SchedulerOptions _options;
    private readonly SiloIdentity _silo;
    private readonly TimeProvider _clock;
    private readonly SiloKillSwitch _kill;
    private readonly ILogger<SiloWorker> _logger;
    private readonly AttemptRunner _runner;
    private readonly OutcomeBatcher _outcomes;
    private readonly TaskLogShipper _logs;
    private readonly WeightedQueueShares _shares;
    private readonly WakeSignal _wake = new();
    private readonly StaleAttemptWatcher _staleAttempts;
    // By task and token: a task failed over or timed out while its handler still runs here can be
    // claimed here again, and both attempts must be tracked (and abandoned) on their own.
    private readonly ConcurrentDictionary<(string Id, long Token), RunningAttempt> _attempts = new();
    // Guards _claiming together with starting attempts, so a snapshot taken when claiming stops
    // holds every attempt started before it.
    private readonly Lock _drainGate = new();
    private Task? _drain;
    private volatile bool _claiming;

    /// <summary>Created by the host; see <c>AddScheduler</c>.</summary>
    internal SiloWorker(ITaskStore store, TaskHandlerRegistry handlers, IServiceProvider services, IOptions<SchedulerOptions> options,
        SiloIdentity silo, TimeProvider clock, SiloKillSwitch kill, ILoggerFactory loggers)
    {
        _store = store;
        _options = options.Value;
        _silo = silo;
        _clock = clock;
        _kill = kill;
        _logger = loggers.CreateLogger<SiloWorker>();
        _logs = new TaskLogShipper(store, _logger);
        _runner = new AttemptRunner(handlers, services, store, _options, clock, _logs, loggers);
        _outcomes = new OutcomeBatcher(store, _options.CompletionBatchSize, _logger);
        _shares = new WeightedQueueShares([.. _options.Queues.Select(q => _options.QueueWeights.GetValueOrDefault(q, 1))]);
        _staleAttempts = new StaleAttemptWatcher(store, silo, () => [.. _attempts.Values], Forget, _options, clock, _logger);
    }

    /// <summary>The current incarnation id the worker claims under.</summary>
    public string SiloId => _silo.Id;

    /// <summary>Attempts running on this silo now.</summary>
    public int RunningCount => _attempts.Count;

    /// <summary>Whether the worker claims work now (false before joining, while rejoining and after a drain).</summary>
    public bool IsClaiming => _claiming;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunWorkers) return;
        Log.WorkerStarted(_logger, _silo.Name, string.Join(",", _options.Queues), _options.Capacity);
        var subscriptions = new List<IAsyncDisposable>();
        foreach (string queue in _options.Queues)
            subscriptions.Add(await _store.SubscribeToWorkAsync(queue, _wake.Set, stoppingToken).ConfigureAwait(false));
        var flushing = Task.Run(_outcomes.RunAsync, CancellationToken.None);
        var shipping = Task.Run(_logs.RunAsync, CancellationToken.None);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _kill.Token);
        var watching = Task.Run(() => _staleAttempts.RunAsync(running.Token), CancellationToken.None);
        try
        {
            await ClaimLoopAsync(running.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var subscription in subscriptions) await subscription.DisposeAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
            // A killed silo says no goodbye: its handlers run on as zombies and their outcomes
            // still reach the store, where their fencing tokens have them rejected.
            if (!_kill.IsKilled)
            {
                await DrainAsync().ConfigureAwait(false);
                _outcomes.Complete();
                _logs.Complete();
                await Task.WhenAll(flushing, shipping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts or resumes claiming: the silo (re)joined the cluster.</summary>
    internal void Resume()
    {
        lock (_drainGate)
        {
            if (_drain is not null) return; // a drained silo stays drained
            _claiming = true;
        }
        _wake.Set();
    }

    /// <summary>
    /// The silo was declared dead: stop claiming and cancel every running attempt. Their tasks were
    /// already requeued elsewhere with new tokens, so nothing they report will be accepted.
    /// </summary>
    internal async Task AbandonAsync()
    {
        List<RunningAttempt> attempts;
        lock (_drainGate)
        {
            _claiming = false;
            attempts = [.. _attempts.Values];
        }
        // The claim loop learns of the death only now: what it claimed since the declaration was not
        // failed over and would stay Running under a dead incarnation until its deadline. Hand all back
        // before canceling (the attempts the failover requeued already are refused by their tokens).
        await HandBackAsync(attempts.Select(a => a.Task).ToList(), "declared dead").ConfigureAwait(false);
        foreach (var attempt in attempts) attempt.Abandon(_clock.GetUtcNow());
        await WaitForAttemptsAsync(attempts, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops claiming for good, lets running attempts finish for up to the drain timeout, then
    /// hands the rest back to the store without counting their attempts and cancels their handlers.
    /// Safe to call more than once; every caller waits for the same drain.
    /// </summary>
    public Task DrainAsync()
    {
        lock (_drainGate)
        {
            _claiming = false;
            return _drain ??= DrainCoreAsync();
        }
    }

    private async Task DrainCoreAsync()
    {
        await FinishOrHandBackAsync().ConfigureAwait(false);
        // Done only once the outcomes are stored: a silo that leaves the table with outcomes still
        // queued shows tasks Running under an incarnation that is neither listed nor failed over.
        // The handlers' last log lines go with them.
        await Task.WhenAll(_outcomes.FlushAsync(), _logs.FlushAsync()).ConfigureAwait(false);
    }

    private async Task FinishOrHandBackAsync()
    {
        var running = _attempts.Values.ToList();
        if (running.Count == 0) return;
        Log.Draining(_logger, _silo.Id, running.Count, _options.DrainTimeout);
        if (await WaitForAttemptsAsync(running, _options.DrainTimeout).ConfigureAwait(false)) return;

        var left = _attempts.Values.ToList();
        if (await HandBackAsync(left.Select(a => a.Task).ToList(), "drain timeout").ConfigureAwait(false) is false)
            Log.DrainTimedOut(_logger, _silo.Id, left.Count);
        foreach (var attempt in left) attempt.Abandon(_clock.GetUtcNow());
        // Handlers that ignore their token are left behind here; their outcomes will be rejected.
        await WaitForAttemptsAsync(left, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives attempts back to the store without counting them; false when the store could not be
    /// reached: then they stay Running until their deadline or this silo's failover and run again.
    /// Late, but never lost.
    /// </summary>
    private async Task<bool> HandBackAsync(IReadOnlyList<ClaimedTask> tasks, string reason)
    {
        if (tasks.Count == 0) return true;
        try
        {
            var results = await _store.ReleaseAsync([.. tasks.Select(t => new TaskRelease(t.Id, t.Queue, t.Token))]).ConfigureAwait(false);
            Log.HandedBack(_logger, _silo.Id, results.Count(r => r == OutcomeResult.Accepted), reason);
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
        while (!cancellationToken.IsCancellationRequested)
        {
            Array.Fill(mayHaveWork, true);
            await FillFreeSlotsAsync(mayHaveWork, nextDue, cancellationToken).ConfigureAwait(false);
            await _wake.WaitAsync(SleepTime(nextDue), cancellationToken).ConfigureAwait(false);
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
            int free = _options.Capacity - RunningCount;
            if (free <= 0 || _shares.Next(free, mayHaveWork) is not (int i, int share)) return;
            int want = Math.Min(share, _options.ClaimBatchSize);
            var batch = await ClaimAsync(_options.Queues[i], want, cancellationToken).ConfigureAwait(false);
            int claimed = batch?.Tasks.Count ?? 0;
            _shares.Claimed(i, want, claimed);
            // A queue that gave fewer than asked has no more ready now (or its limits hold them back).
            if (claimed < want) mayHaveWork[i] = false;
            if (batch is null) continue;
            nextDue[i] = batch.NextDueAt;
            // Claiming stopped while the claim was in flight (drain, or declared dead): the batch is not ours to run.
            if (!TryStartAll(batch.Tasks)) await HandBackAsync(batch.Tasks, "claimed while stopping").ConfigureAwait(false);
        }
    }

    private async Task<ClaimBatch?> ClaimAsync(string queue, int max, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.ClaimAsync(queue, _silo.Id, max, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ClaimFailed(_logger, e, queue, _silo.Id);
            await Task.Delay(_options.PollInterval, _clock, cancellationToken).ConfigureAwait(false);
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

    private bool TryStartAll(IReadOnlyList<ClaimedTask> tasks)
    {
        lock (_drainGate)
        {
            if (!_claiming) return false;
            foreach (var task in tasks) Start(task);
            return true;
        }
    }

    private void Start(ClaimedTask task)
    {
        var attempt = new RunningAttempt(task);
        _attempts[(task.Id, task.Token)] = attempt;
        string siloId = _silo.Id;
        _ = Task.Run(async () =>
        {
            try
            {
                var outcome = await _runner.RunAsync(attempt, siloId).ConfigureAwait(false);
                // An attempt given up on purpose was already settled in the store (canceled, handed
                // back, failed over or timed out); its failure must never count as one of its own.
                if (outcome.Completion is not null || attempt.AbandonedAt is null) _outcomes.Add(outcome);
            }
            finally
            {
                _attempts.TryRemove((task.Id, task.Token), out _);
                attempt.MarkFinished();
                _wake.Set();
            }
        });
    }

    /// <summary>Stops waiting for a handler that ignored its cancellation past the grace period: its slot is free again.</summary>
    private void Forget(RunningAttempt attempt)
    {
        _attempts.TryRemove((attempt.Task.Id, attempt.Task.Token), out _);
        attempt.MarkFinished();
        _wake.Set();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        // Last resort for a killed silo's zombies: the host is going away.
        foreach (var attempt in _attempts.Values) attempt.Abandon(_clock.GetUtcNow());
        _outcomes.Complete();
        _logs.Complete();
        base.Dispose();
    }
}
