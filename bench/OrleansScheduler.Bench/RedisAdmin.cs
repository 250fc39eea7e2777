using StackExchange.Redis;

namespace OrleansScheduler.Bench;

/// <summary>
/// The harness's own connection to the Redis server under test: server counters, its version, and
/// removing the keys of one run's key prefix (never FLUSH: the server may be shared).
/// </summary>
public sealed class RedisAdmin : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IServer _server;

    private RedisAdmin(ConnectionMultiplexer connection)
    {
        _connection = connection;
        _server = connection.GetServer(connection.GetEndPoints()[0]);
    }

    /// <summary>Connects to <paramref name="configuration"/>, e.g. <c>127.0.0.1:6379</c>.</summary>
    public static async Task<RedisAdmin> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        return new RedisAdmin(connection);
    }

    /// <summary>Memory, command and CPU counters as they are now.</summary>
    public async Task<RedisSnapshot> SnapshotAsync()
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string section in new[] { "memory", "commandstats", "cpu" })
            foreach (var group in await _server.InfoAsync(section))
                pairs.AddRange(group);
        return RedisSnapshot.Parse(pairs);
    }

    /// <summary>Every command's calls and µs so far (INFO commandstats).</summary>
    public async Task<CommandStats> CommandStatsAsync()
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var group in await _server.InfoAsync("commandstats"))
            pairs.AddRange(group);
        return CommandStats.Parse(pairs);
    }

    /// <summary>Resets the SLOWLOG and logs every command of at least <see cref="SlowlogWindow.ThresholdMicros"/> µs until the window is disposed.</summary>
    public Task<SlowlogWindow> OpenSlowlogAsync() => SlowlogWindow.OpenAsync(_server);

    /// <summary>
    /// The counters once <c>used_memory</c> has stopped falling (two reads 100 ms apart within 64 KiB, for
    /// at most 5 s): what an earlier run left being freed (its closed connections' buffers, a keyspace
    /// shrinking after its keys went) would otherwise count against the next memory figure.
    /// </summary>
    public async Task<RedisSnapshot> SettledSnapshotAsync(CancellationToken cancellationToken)
    {
        const long Tolerance = 64 * 1024;
        var limit = System.Diagnostics.Stopwatch.StartNew();
        var last = await SnapshotAsync();
        while (limit.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100, cancellationToken); // polling interval
            var now = await SnapshotAsync();
            if (now.UsedMemory >= last.UsedMemory - Tolerance) return now;
            last = now;
        }
        return last;
    }

    /// <summary>The server's version, e.g. <c>7.0.15</c>.</summary>
    public async Task<string> VersionAsync()
    {
        foreach (var group in await _server.InfoAsync("server"))
            foreach (var (key, value) in group)
                if (key == "redis_version") return value;
        return "unknown";
    }

    /// <summary>
    /// Deletes every key that starts with <paramref name="keyPrefix"/><c>:</c> (SCAN, then UNLINK in batches),
    /// on every primary of a Redis Cluster, each batch one hash slot's keys (a cluster refuses a delete across slots).
    /// </summary>
    public async Task DeleteKeysAsync(string keyPrefix)
    {
        var database = _connection.GetDatabase();
        foreach (var server in _connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            var batches = new Dictionary<int, List<RedisKey>>();
            foreach (var key in server.Keys(pattern: keyPrefix + ":*", pageSize: 1000))
            {
                int slot = _connection.HashSlot(key);
                if (!batches.TryGetValue(slot, out var batch)) batches[slot] = batch = new List<RedisKey>(1000);
                batch.Add(key);
                if (batch.Count < 1000) continue;
                await database.KeyDeleteAsync([.. batch]);
                batch.Clear();
            }
            foreach (var batch in batches.Values.Where(b => b.Count > 0)) await database.KeyDeleteAsync([.. batch]);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _connection.CloseAsync();
}
