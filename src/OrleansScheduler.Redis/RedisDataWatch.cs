using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Storage;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Notices that Redis lost its data under the running process (a restart without persistence, FLUSHALL, a failover
/// to an empty replica), which no Redis call reports: the scripts just find no tasks, and Orleans' Redis membership
/// table silently reads an empty table. At start the watch writes a marker key, <c>os:{os:cluster}:marker</c>, unless
/// another process already did, and remembers its value; every <c>checkEvery</c> it reads the marker and, when given
/// one, whether Orleans' membership hash still has its <c>Version</c> field, in one pipelined round trip. A marker
/// gone or written anew (by a process that started after the wipe) is <c>redis-data-lost</c>; a membership hash
/// without <c>Version</c> is <c>membership-lost</c>. Either stays reported until the process restarts, since
/// restarting is part of the recovery; Redis unreachable is reported while it lasts.
/// </summary>
public sealed class RedisDataWatch : IStoreHealth, IHostedService, IDisposable
{
    private const string MembershipVersionField = "Version";
    private readonly IConnectionMultiplexer _connection;
    private readonly RedisKey _marker;
    private readonly RedisKey? _membership;
    private readonly TimeSpan _checkEvery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _token = $"{DateTimeOffset.UtcNow:O} {Environment.MachineName}/{Environment.ProcessId}";
    private RedisValue _expected = RedisValue.Null;
    private Task _loop = Task.CompletedTask;
    private volatile StoreHealth _current = StoreHealth.Ok;
    private volatile bool _disposed;

    /// <summary>A watch over the data under <paramref name="keyPrefix"/>, and over Orleans' membership hash <paramref name="membershipKey"/> when given.</summary>
    /// <param name="connection">The store's multiplexer.</param>
    /// <param name="keyPrefix">The store's key prefix (<see cref="RedisStoreOptions.KeyPrefix"/>, <c>os</c> by default).</param>
    /// <param name="membershipKey">Orleans' membership hash, <c>{ServiceId}/members/{ClusterId}</c>; null to leave membership unchecked.</param>
    /// <param name="checkEvery">How often to look; 5 s by default: one small round trip per process, however often /healthz is probed.</param>
    /// <param name="time">The clock the checks are timed by; the system clock by default.</param>
    /// <param name="logger">Where a loss is logged, once.</param>
    public RedisDataWatch(IConnectionMultiplexer connection, string keyPrefix, RedisKey? membershipKey = null, TimeSpan? checkEvery = null,
        TimeProvider? time = null, ILogger<RedisDataWatch>? logger = null)
    {
        _connection = connection;
        _marker = new RedisKeys(keyPrefix).Marker;
        _membership = membershipKey;
        _checkEvery = checkEvery ?? TimeSpan.FromSeconds(5);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public StoreHealth Current => _current;

    /// <summary>Writes or adopts the marker (without waiting when Redis is down: the first check that reaches it does), then checks every interval.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host that failed to start, or a test factory, can dispose its services before it stops them.
        if (_disposed) return;
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Looks once now: what the background loop does every interval.</summary>
    public async Task<StoreHealth> CheckAsync()
    {
        if (_current.NeedsOperator) return _current;
        try
        {
            var database = _connection.GetDatabase();
            if (_expected.IsNull)
            {
                // The first process on this Redis writes the marker; every later one adopts the value it finds.
                await database.StringSetAsync(_marker, _token, when: When.NotExists).ConfigureAwait(false);
                _expected = await database.StringGetAsync(_marker).ConfigureAwait(false);
                if (_expected.IsNull) return _current = StoreHealth.Unreachable($"the marker {_marker} could not be read back after it was written");
            }
            var batch = database.CreateBatch();
            var marker = batch.StringGetAsync(_marker);
            var version = _membership is { } membership ? batch.HashExistsAsync(membership, MembershipVersionField) : Task.FromResult(true);
            batch.Execute();
            var seen = await marker.ConfigureAwait(false);
            bool hasVersion = await version.ConfigureAwait(false);
            var health = seen.IsNull
                ? StoreHealth.DataLost($"the key {_marker}, written when the store started, is gone: Redis lost the scheduler's data "
                    + "(a restart without persistence, FLUSHALL, or a failover to an empty replica)")
                : seen != _expected
                    ? StoreHealth.DataLost($"the key {_marker} was written anew ('{seen}', expected '{_expected}'): Redis lost its data and a process started on it since")
                    : !hasVersion
                        ? StoreHealth.MembershipLost($"Orleans' membership hash '{_membership}' has no '{MembershipVersionField}' field: its membership table was wiped under the running silos")
                        : StoreHealth.Ok;
            if (health.NeedsOperator) RedisStoreLog.DataLost(_logger, health.Status, health.Cause!);
            return _current = health;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return _current = StoreHealth.Unreachable(e.Message);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        await Task.Yield(); // the host's start goes on while the first check waits for Redis
        while (!stopping.IsCancellationRequested && !_current.NeedsOperator)
        {
            await CheckAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(_checkEvery, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping.Cancel(); // the loop ends even when the host never called StopAsync
        _stopping.Dispose();
    }
}
