using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// A set of Lua scripts: loaded once on every primary (SCRIPT LOAD) and called by SHA
/// (EVALSHA), so a batch call sends its arguments, not the script. When the server has forgotten
/// a script (restart, failover, SCRIPT FLUSH) the call fails with NOSCRIPT without running;
/// the script is then loaded again and the call retried once. Each store has its own set:
/// <see cref="RedisTaskScripts"/> and <see cref="RedisScheduleScripts"/>.
/// </summary>
internal abstract class RedisScripts(IConnectionMultiplexer connection, ILogger logger)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private bool _loaded;

    /// <summary>Every script of the set, loaded together on first use.</summary>
    protected abstract IReadOnlyList<RedisScript> All { get; }

    /// <summary>Runs <paramref name="script"/> by SHA, loading it first if needed and once more after a NOSCRIPT.</summary>
    public Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey key, RedisValue[] args) =>
        EvaluateAsync(database, script, [key], args);

    /// <summary>Runs <paramref name="script"/> with several keys, as <see cref="EvaluateAsync(IDatabaseAsync, RedisScript, RedisKey, RedisValue[])"/>.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey[] keys, RedisValue[] args)
    {
        byte[] sha = await ShaAsync(script);
        try
        {
            return await database.ScriptEvaluateAsync(sha, keys, args);
        }
        catch (RedisServerException e) when (IsNoScript(e))
        {
            await ReloadAsync(script, sha);
            return await database.ScriptEvaluateAsync(script.Sha!, keys, args);
        }
    }

    /// <summary>The script's SHA, after loading every script on first use.</summary>
    public async ValueTask<byte[]> ShaAsync(RedisScript script)
    {
        if (!_loaded) await LoadAllAsync();
        return script.Sha!;
    }

    /// <summary>True when the server did not run a call because it does not know the script.</summary>
    public static bool IsNoScript(Exception e) =>
        e is RedisServerException && e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal);

    /// <summary>Loads <paramref name="script"/> again after a NOSCRIPT, unless a concurrent caller already did.</summary>
    public async Task ReloadAsync(RedisScript script, byte[] failedSha)
    {
        await _loading.WaitAsync();
        try
        {
            // Every caller that saw the same NOSCRIPT would otherwise reload in turn.
            if (!ReferenceEquals(script.Sha, failedSha)) return;
            RedisStoreLog.ScriptReloaded(logger, script.Name);
            script.Sha = await LoadAsync(script);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task LoadAllAsync()
    {
        await _loading.WaitAsync();
        try
        {
            if (_loaded) return;
            foreach (var script in All) script.Sha = await LoadAsync(script);
            _loaded = true;
            RedisStoreLog.ScriptsLoaded(logger, All.Count, GetType().Name);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<byte[]> LoadAsync(RedisScript script)
    {
        var primaries = connection.GetEndPoints()
            .Select(endpoint => connection.GetServer(endpoint))
            .Where(server => !server.IsReplica)
            .ToList();
        if (primaries.Count == 0)
            throw new InvalidOperationException("No Redis primary to load the scheduler's scripts on.");
        byte[][] shas = await Task.WhenAll(primaries.Select(server => server.ScriptLoadAsync(script.Text)));
        return shas[0];
    }
}
