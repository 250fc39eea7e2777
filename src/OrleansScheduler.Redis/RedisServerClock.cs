using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// "Now" as the Redis server sees it: the local clock plus an offset measured against Redis TIME
/// at start and every <c>refreshEvery</c>. Attempt deadlines, due times, idempotency windows and
/// schedule ticks compare times that different silos wrote, so with this clock every silo on one
/// Redis reads the same time base and a node whose clock is off cannot time out healthy attempts
/// or fire a tick early. Timers stay local: only the wall-clock time must agree across silos.
/// The scheduler keeps it as its own clock, not the host's <see cref="TimeProvider"/>, so Orleans'
/// own timing is left alone.
/// </summary>
public sealed class RedisServerClock : TimeProvider, IDisposable
{
    private readonly IConnectionMultiplexer _connection;
    private readonly TimeProvider _local;
    private readonly ITimer _refresh;
    private long _offsetTicks;

    /// <summary>
    /// Starts measuring the offset at once, without blocking the caller (a synchronous call here
    /// would tie up a thread while the host starts), and keeps it fresh. Until the first
    /// measurement lands, about one round trip later, the local clock is used as is.
    /// </summary>
    /// <param name="connection">The shared multiplexer.</param>
    /// <param name="local">The local clock; the system clock by default.</param>
    /// <param name="refreshEvery">How often to measure again; 30 s by default.</param>
    public RedisServerClock(IConnectionMultiplexer connection, TimeProvider? local = null, TimeSpan? refreshEvery = null)
    {
        _connection = connection;
        _local = local ?? System;
        FirstMeasurement = RefreshAsync();
        var every = refreshEvery ?? TimeSpan.FromSeconds(30);
        _refresh = _local.CreateTimer(_ => _ = RefreshAsync(), null, every, every);
    }

    /// <summary>Completes when the first measurement has landed (or failed, leaving the offset at zero until a refresh succeeds).</summary>
    public Task FirstMeasurement { get; }

    /// <summary>How far the Redis server's clock is ahead of the local one (negative when behind).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Volatile.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _local.GetUtcNow() + Offset;

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private async Task RefreshAsync()
    {
        try
        {
            var server = Server();
            await Measure(() => server.TimeAsync()).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Keep the last offset: clocks drift slowly, and the next refresh will try again.
        }
    }

    /// <summary>Reads the server's time between two local readings and takes the midpoint as "when" it was read.</summary>
    private async Task Measure(Func<Task<DateTime>> readServerTime)
    {
        var before = _local.GetUtcNow();
        DateTime time = await readServerTime().ConfigureAwait(false);
        var after = _local.GetUtcNow();
        var server = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
        Volatile.Write(ref _offsetTicks, (server - (before + (after - before) / 2)).Ticks);
    }

    private IServer Server() => _connection.GetServer(_connection.GetEndPoints()[0]);
}
