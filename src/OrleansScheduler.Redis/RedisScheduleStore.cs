using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Scheduling.Schedules;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Cron schedules on Redis, shared by every silo of the cluster: one hash per schedule and a zset
/// of names by next tick, under the cluster-wide <c>{os:cluster}</c> hash tag (layout and return
/// codes in <see cref="RedisKeys"/>' remarks). Every change is one Lua script, so it is atomic;
/// "now" comes from the store's <see cref="TimeProvider"/>, and the next tick is computed here, in
/// the silo, from the definition. Semantics match <see cref="InMemoryScheduleStore"/>; one contract
/// suite runs against both.
/// </summary>
public sealed class RedisScheduleStore : IScheduleStore
{
    private readonly IConnectionMultiplexer _connection;
    private readonly TimeProvider _clock;
    private readonly int _maxPayloadBytes;
    private readonly RedisKeys _keys;
    private readonly RedisScheduleScripts _scripts;

    /// <summary>A schedule store on <paramref name="connection"/>, which it shares and does not dispose.</summary>
    /// <param name="connection">The multiplexer; the task store's can be shared.</param>
    /// <param name="options">The key prefix, and the payload limit of task templates.</param>
    /// <param name="clock">Where "now" comes from.</param>
    /// <param name="logger">Optional logger.</param>
    public RedisScheduleStore(IConnectionMultiplexer connection, RedisStoreOptions options, TimeProvider clock, ILogger<RedisScheduleStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.ThrowIfInvalidKeyPrefix();
        _connection = connection;
        _clock = clock;
        _maxPayloadBytes = options.MaxPayloadBytes;
        _keys = new RedisKeys(options.KeyPrefix);
        _scripts = new RedisScheduleScripts(connection, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public async Task<Schedule> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        var now = Now();
        ScheduleValidator.ThrowIfInvalid(definition, now, _maxPayloadBytes);
        var next = FirstTick(definition, now);
        long nowMs = now.ToUnixTimeMilliseconds();
        RedisValue[] args = [definition.Name, Ms(next), "c", nowMs, .. RedisScheduleCodec.DefinitionFields(definition, nowMs)];
        if ((long)await Evaluate(_scripts.Create, args) == 0) throw new ScheduleAlreadyExistsException(definition.Name);
        return new Schedule { Definition = definition, NextFireAt = next, CreatedAt = now, UpdatedAt = now };
    }

    /// <inheritdoc />
    public async Task<(Schedule Schedule, bool Created)> UpsertAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        var now = Now();
        ScheduleValidator.ThrowIfInvalid(definition, now, _maxPayloadBytes);
        long nowMs = now.ToUnixTimeMilliseconds();
        RedisValue[] args = [definition.Name, Ms(FirstTick(definition, now)), nowMs, .. RedisScheduleCodec.DefinitionFields(definition, nowMs)];
        var reply = (RedisResult[])(await Evaluate(_scripts.Upsert, args))!;
        return (RedisScheduleCodec.ToSchedule(definition.Name, (RedisResult[])reply[1]!)!, (long)reply[0] == 1);
    }

    /// <inheritdoc />
    public async Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RedisScheduleCodec.ToSchedule(name, await _connection.GetDatabase().HashGetAllAsync(_keys.Schedule(name)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Schedule>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await ListAsync("+inf", -1);
        return [.. all.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Schedule>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return ListAsync(now.ToUnixTimeMilliseconds(), max);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        (long)await Evaluate(_scripts.Delete, [name]) == 1;

    /// <inheritdoc />
    public async Task<bool> TryAdvanceAsync(string name, DateTimeOffset expectedNextFireAt, DateTimeOffset? nextFireAt, DateTimeOffset? firedAt = null,
        string? taskId = null, CancellationToken cancellationToken = default)
    {
        RedisValue[] args = [name, expectedNextFireAt.ToUnixTimeMilliseconds(), Ms(nextFireAt), (firedAt ?? Now()).ToUnixTimeMilliseconds(), taskId ?? ""];
        return (long)await Evaluate(_scripts.Advance, args) == 1;
    }

    private async Task<IReadOnlyList<Schedule>> ListAsync(RedisValue maxScore, int max)
    {
        if (max == 0) return [];
        var reply = (RedisResult[])(await Evaluate(_scripts.List, [maxScore, max]))!;
        var schedules = new List<Schedule>(reply.Length / 2);
        for (int i = 0; i + 1 < reply.Length; i += 2)
        {
            // A name whose hash is gone (never, as the scripts keep both together) is skipped rather than fatal.
            if (RedisScheduleCodec.ToSchedule((string)reply[i]!, (RedisResult[])reply[i + 1]!) is { } schedule) schedules.Add(schedule);
        }
        return schedules;
    }

    private static DateTimeOffset? FirstTick(ScheduleDefinition definition, DateTimeOffset now) =>
        definition.Enabled ? definition.NextOccurrenceAfter(now) : null;

    private static RedisValue Ms(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : "";

    /// <summary>Times are kept to the millisecond.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_clock.GetUtcNow().ToUnixTimeMilliseconds());

    private Task<RedisResult> Evaluate(RedisScript script, RedisValue[] args) =>
        _scripts.EvaluateAsync(_connection.GetDatabase(), script, _keys.Cluster, args);
}
