using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// A set of transitions as one Redis function library (<see cref="RedisFunctionLibrary"/>): loaded on every
/// primary on first use and called with FCALL, so a batch call sends its arguments, not the script. When the
/// server does not know the library's functions (restart without persistence, FUNCTION FLUSH, a failover to
/// a replica that never had them, a new primary of a Redis Cluster) the call fails without running; the
/// library is then loaded again on every primary and the call retried once. Each store has its own set:
/// <see cref="RedisTaskScripts"/> and <see cref="RedisScheduleScripts"/>.
/// </summary>
internal abstract class RedisScripts
{
    private readonly IConnectionMultiplexer _connection;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lazy<RedisFunctionLibrary> _library;
    private bool _loaded;
    private int _generation;
    private long _lastReconfigure = long.MinValue / 2;

    protected RedisScripts(IConnectionMultiplexer connection, ILogger logger, string set)
    {
        _connection = connection;
        _logger = logger;
        _library = new(() => new RedisFunctionLibrary(set, All));
    }

    /// <summary>Every script of the set, registered together as one library.</summary>
    protected abstract IReadOnlyList<RedisScript> All { get; }

    /// <summary>
    /// The set's function that answers the server's maxmemory-policy, called on every primary the library is loaded on
    /// (<see cref="RedisMemoryPolicy"/>), or null for a set that leaves the check to another.
    /// </summary>
    protected virtual RedisScript? PolicyCheck => null;

    /// <summary>The library the set's functions live in.</summary>
    public RedisFunctionLibrary Library => _library.Value;

    /// <summary>
    /// Loads the library on every primary now unless it is loaded already, checking each one's memory policy: what the
    /// silo does at start, so a Redis that evicts is refused before the silo serves anything.
    /// </summary>
    /// <exception cref="InvalidOperationException">A primary evicts keys when full (<see cref="RedisMemoryPolicy"/>).</exception>
    public async Task EnsureLoadedAsync()
    {
        if (!_loaded) await LoadOnceAsync();
    }

    /// <summary>Calls <paramref name="script"/>'s function, loading the library first if needed and once more when Redis does not know it.</summary>
    public Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey key, RedisValue[] args) =>
        EvaluateAsync(database, script, [key], args);

    /// <summary>Calls <paramref name="script"/>'s function with several keys, as <see cref="EvaluateAsync(IDatabaseAsync, RedisScript, RedisKey, RedisValue[])"/>.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey[] keys, RedisValue[] args)
    {
        if (!_loaded) await LoadOnceAsync();
        int generation = Volatile.Read(ref _generation);
        var command = Command(script, keys, args);
        try
        {
            return await CallAsync(database, command);
        }
        catch (RedisServerException e) when (IsFunctionMissing(e))
        {
            await ReloadAsync(script, generation);
            return await CallAsync(database, command);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("READONLY", StringComparison.Ordinal))
        {
            // The server the client takes for the primary is a replica now (a Sentinel failover). StackExchange.Redis
            // moves on a sentinel's +switch-master, but a missed one left it on the old primary for good in the tests:
            // asking every server its role again finds the new primary. The call itself fails; its caller may retry it.
            long now = Environment.TickCount64;
            long last = Interlocked.Read(ref _lastReconfigure);
            if (now - last > 1000 && Interlocked.CompareExchange(ref _lastReconfigure, now, last) == last)
            {
                RedisStoreLog.Reconfiguring(_logger, e.Message);
                await _connection.ConfigureAsync();
            }
            throw;
        }
    }

    private static Task<RedisResult> CallAsync(IDatabaseAsync database, object[] command) => database.ExecuteAsync("FCALL", command);

    /// <summary>True when the server did not run a call because it does not know the function.</summary>
    public static bool IsFunctionMissing(Exception e) =>
        e is RedisServerException && e.Message.Contains("Function not found", StringComparison.Ordinal);

    // FCALL name numkeys key… arg…: the keys go as RedisKey, so StackExchange.Redis routes the call to the
    // node that owns their slot and sends it again after a MOVED or ASK, as it does for its own commands.
    // (Its unboxed ExecuteRespAsync would spare one box per argument, but in 3.4.35 it cannot send a call
    // again after a redirect: the call fails with "the request buffer is no longer valid".)
    private static object[] Command(RedisScript script, RedisKey[] keys, RedisValue[] args)
    {
        var command = new object[2 + keys.Length + args.Length];
        command[0] = script.FunctionName;
        command[1] = keys.Length;
        for (int i = 0; i < keys.Length; i++) command[2 + i] = keys[i];
        for (int i = 0; i < args.Length; i++) command[2 + keys.Length + i] = args[i];
        return command;
    }

    private async Task ReloadAsync(RedisScript script, int failedGeneration)
    {
        await _loading.WaitAsync();
        try
        {
            // Every caller that saw the function missing at once would otherwise load in turn.
            if (_generation != failedGeneration) return;
            RedisStoreLog.FunctionsReloaded(_logger, script.FunctionName, Library.Name);
            await LoadEverywhereAsync();
            _generation++;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task LoadOnceAsync()
    {
        await _loading.WaitAsync();
        try
        {
            if (_loaded) return;
            await LoadEverywhereAsync();
            _loaded = true;
            RedisStoreLog.FunctionsLoaded(_logger, All.Count, Library.Name);
        }
        finally
        {
            _loading.Release();
        }
    }

    // FUNCTION LOAD without REPLACE on every primary: a primary that already has this version (its name
    // carries the version) answers that the library exists, which is as good as loading it.
    private async Task LoadEverywhereAsync()
    {
        var primaries = _connection.GetEndPoints()
            .Select(endpoint => _connection.GetServer(endpoint))
            .Where(server => server.IsConnected && !server.IsReplica)
            .ToList();
        if (primaries.Count == 0)
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None,
                "No connected Redis primary to load the scheduler's functions on.", null, CommandStatus.Unknown);
        await Task.WhenAll(primaries.Select(LoadOnAsync));
    }

    private async Task LoadOnAsync(IServer server)
    {
        try
        {
            await server.ExecuteAsync("FUNCTION", "LOAD", Library.Code);
        }
        catch (RedisServerException e) when (e.Message.Contains("already exists", StringComparison.Ordinal))
        {
        }
        if (PolicyCheck is { } check) await RedisMemoryPolicy.ThrowIfEvictingAsync(server, check, _logger);
    }
}
