using System.Diagnostics;
using OrleansScheduler.Membership;

namespace OrleansScheduler.TestingHost;

/// <summary>
/// An in-process cluster shaped like Orleans' <c>TestCluster</c>: silos named <c>silo-1</c>,
/// <c>silo-2</c>, … each in its own Generic Host, sharing one task store and one membership table,
/// and a <see cref="Client"/> over the same stores. Made by <see cref="TestClusterBuilder.Build"/>;
/// <see cref="DeployAsync"/> starts the initial silos. Disposing stops every running silo
/// gracefully and disposes the killed ones.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    /// <summary>How long a starting silo may take to appear Active in the membership table.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="WaitForLivenessToStabilizeAsync"/> waits when given no timeout.</summary>
    private static readonly TimeSpan DefaultLivenessTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The fewest thread-pool workers a process running a test cluster keeps ready. Many silos share
    /// the process, with their heartbeat and sweep timers and their store clients' synchronous calls;
    /// with the default minimum (one per core) a burst of work, such as JIT compilation at start-up,
    /// delays the timers for a second or more while the pool slowly adds threads, and the silos
    /// declare each other dead.
    /// </summary>
    private const int MinThreadPoolWorkers = 32;

    private readonly int _initialSilosCount;
    private readonly TestClusterStorage _storage;
    private readonly SiloHostFactory _factory;
    private readonly Lock _gate = new();
    private readonly List<SiloHandle> _silos = [];
    private int _lastSiloNumber;
    private bool _deployed;
    private int _disposed;

    internal TestCluster(int initialSilosCount, TestClusterStorage storage, SiloHostFactory factory)
    {
        _initialSilosCount = initialSilosCount;
        _storage = storage;
        _factory = factory;
    }

    /// <summary>A client over the stores the silos share: submit, get, list and cancel tasks, list silos, find the role holder.</summary>
    public ClusterClient Client => _storage.Client;

    /// <summary>Every silo started so far, in order (the initial ones by name), stopped and killed ones included (see <see cref="SiloHandle.IsRunning"/>).</summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_gate) return [.. _silos];
        }
    }

    /// <summary>The silos running now, in the order of <see cref="Silos"/>.</summary>
    public IReadOnlyList<SiloHandle> GetActiveSilos() => [.. Silos.Where(s => s.IsRunning)];

    /// <summary>The silo whose current (or last) incarnation is <paramref name="siloId"/>, e.g. from <c>TaskContext.SiloId</c>; null if none.</summary>
    public SiloHandle? FindSilo(string siloId) => Silos.LastOrDefault(s => s.SiloId == siloId);

    /// <summary>
    /// Starts the initial silos and returns once each is Active in the membership table. Raises the
    /// thread pool's minimum to 32 workers if it is lower, so the silos sharing this process do not
    /// starve each other's heartbeats.
    /// </summary>
    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_deployed) throw new InvalidOperationException("The cluster is deployed already.");
            _deployed = true;
        }
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        if (workers < MinThreadPoolWorkers) ThreadPool.SetMinThreads(MinThreadPoolWorkers, completionPorts);
        var creating = Enumerable.Range(0, _initialSilosCount).Select(_ => CreateSiloAsync(NextName())).ToList();
        try
        {
            await Task.WhenAll(creating).ConfigureAwait(false);
        }
        finally
        {
            // Even when one failed: the others are the cluster's to dispose.
            lock (_gate) _silos.AddRange(creating.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }
        await Task.WhenAll(creating.Select(t => StartAsync(t.Result, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Starts one more silo with the next free name and returns once it is Active in the membership table.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync(CancellationToken cancellationToken = default) =>
        StartSiloAsync(NextName(), cancellationToken);

    /// <summary>
    /// Stops <paramref name="silo"/> gracefully, as on SIGTERM: it hands the scheduler role on,
    /// stops claiming, lets its running attempts finish for up to the drain timeout and hands the
    /// rest back without an attempt penalty, then leaves the membership table and its host is disposed.
    /// Does nothing if the silo is not running.
    /// </summary>
    public Task StopSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.StopAsync();
    }

    /// <summary>
    /// Kills <paramref name="silo"/> as a crash would: heartbeats, claims and sweeps stop at once,
    /// with no drain, no hand-back and no goodbye, so the others find out by its silence after
    /// <c>DeadAfter</c> and fail its work over. Its running handlers keep going as zombies; what they
    /// report still reaches the store, where their fencing tokens have it rejected. The host is
    /// disposed with the cluster, or by <see cref="SiloHandle.DisposeAsync"/>. Does nothing if the
    /// silo is not running.
    /// </summary>
    public Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Kill();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops <paramref name="silo"/> (or disposes it, if it was killed) and starts a new silo with the
    /// same name: a new incarnation with a new <see cref="SiloHandle.SiloId"/>. Returns the new handle.
    /// </summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await silo.DisposeAsync().ConfigureAwait(false);
        return await StartSiloAsync(silo.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls the membership table until it agrees with what the test did: every running silo's
    /// current incarnation is Active, every killed silo's incarnation is Dead with its failover done
    /// (its running tasks requeued) or already pruned, and every stopped silo has left. A silo drained
    /// on request leaves the table while its host still runs; stop it before waiting here.
    /// </summary>
    /// <param name="timeout">How long to wait; 30 s when null.</param>
    /// <exception cref="TimeoutException">The table did not settle in time; the message lists what was expected and what was seen.</exception>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultLivenessTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var silos = Silos;
            var table = await Client.ListSilosAsync().ConfigureAwait(false);
            var unsettled = silos.Select(silo => Unsettled(silo, table)).OfType<string>().ToList();
            if (unsettled.Count == 0) return;
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException(
                    $"Liveness did not stabilize within {limit.TotalSeconds:0.#} s. Not yet as expected: {string.Join("; ", unsettled)}. " +
                    $"Membership table: [{string.Join(", ", table.Select(Describe))}].");
            }
            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every running silo gracefully (all at once), disposes the killed ones, then closes the client's stores.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await Task.WhenAll(Silos.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
        finally
        {
            await _storage.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<SiloHandle> StartSiloAsync(string name, CancellationToken cancellationToken)
    {
        var silo = await CreateSiloAsync(name).ConfigureAwait(false);
        lock (_gate) _silos.Add(silo);
        if (Volatile.Read(ref _disposed) == 1)
        {
            // The cluster was disposed while this silo was being built (a handler starting a silo, say).
            await silo.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(TestCluster));
        }
        await StartAsync(silo, cancellationToken).ConfigureAwait(false);
        return silo;
    }

    private async Task<SiloHandle> CreateSiloAsync(string name)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var (host, owned) = await _factory.BuildAsync(name).ConfigureAwait(false);
        return new SiloHandle(name, host, owned);
    }

    /// <summary>Starts the silo's host and returns once the silo is Active in the membership table.</summary>
    private async Task StartAsync(SiloHandle silo, CancellationToken cancellationToken)
    {
        await silo.StartAsync(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var table = await Client.ListSilosAsync(cancellationToken).ConfigureAwait(false);
            if (table.Any(s => s.Id == silo.SiloId && s.Status == SiloStatus.Active)) return;
            if (watch.Elapsed > JoinTimeout)
            {
                throw new TimeoutException(
                    $"Silo {silo.SiloId} did not appear Active in the membership table within {JoinTimeout.TotalSeconds:0} s. " +
                    $"Membership table: [{string.Join(", ", table.Select(Describe))}].");
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What is not yet as expected about <paramref name="silo"/>, or null when it is settled.</summary>
    private static string? Unsettled(SiloHandle silo, IReadOnlyList<SiloEntry> table)
    {
        var entry = table.FirstOrDefault(s => s.Id == silo.SiloId);
        if (silo.IsRunning)
        {
            return entry?.Status == SiloStatus.Active ? null
                : $"running silo {silo.SiloId} should be Active but is {entry?.Status.ToString() ?? "absent"}";
        }
        if (silo.IsKilled)
        {
            return entry is null || entry is { Status: SiloStatus.Dead, FailoverDone: true } ? null
                : $"killed silo {silo.SiloId} should be Dead with its failover done but is {entry.Status}{(entry.Status == SiloStatus.Dead ? " (failover pending)" : "")}";
        }
        return entry is null ? null : $"stopped silo {silo.SiloId} should have left but is {entry.Status}";
    }

    private static string Describe(SiloEntry silo) =>
        $"{silo.Id} {silo.Status}{(silo.Status == SiloStatus.Dead ? silo.FailoverDone ? " (failed over)" : " (failover pending)" : "")}" +
        $"{(silo.DrainRequested ? " drain requested" : "")} last heartbeat {(DateTimeOffset.UtcNow - silo.LastHeartbeat).TotalMilliseconds:0} ms ago";

    private string NextName() => $"silo-{Interlocked.Increment(ref _lastSiloNumber)}";
}
