using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Retries a script call that a Redis Cluster refused without it having done anything: <c>TRYAGAIN</c> and
/// <c>CLUSTERDOWN</c> answer the call itself, before the script runs; a script that stopped on a key the node does
/// not serve ("non local key", or the cluster went down under it) may have written before it stopped, so that one is
/// retried only for scripts that never write. A few tries with a short, growing backoff, each logged; then the error
/// goes to the caller. <c>MOVED</c> and <c>ASK</c> never get here: StackExchange.Redis follows them itself.
/// </summary>
internal sealed class RedisClusterRetry(RedisScripts scripts, ILogger logger)
{
    /// <summary>How many times a call is made at most.</summary>
    internal const int Tries = 4;

    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(25);

    /// <summary>The scripts that only read: a retry of one that stopped half way cannot repeat a write.</summary>
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        "get", "get_many", "children", "list", "stats", "routed", "running_owners", "events", "task_events", "stale", "schedule_list",
    };

    /// <summary>Runs <paramref name="script"/> on <paramref name="key"/>'s queue as <see cref="RedisScripts.EvaluateAsync(IDatabaseAsync, RedisScript, RedisKey, RedisValue[])"/>, retrying what provably did nothing.</summary>
    public Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey key, RedisValue[] args) =>
        EvaluateAsync(database, script, [key], args);

    /// <summary>The same with several keys (one queue's, on a cluster).</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey[] keys, RedisValue[] args)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await scripts.EvaluateAsync(database, script, keys, args);
            }
            catch (RedisServerException e) when (attempt < Tries && DidNothing(e.Message, script.Name))
            {
                RedisStoreLog.ClusterRetry(logger, script.Name, (string)keys[0]!, attempt, e.Message);
                await Task.Delay(Backoff * attempt);
            }
        }
    }

    /// <summary>True when the server's error <paramref name="message"/> shows the call of <paramref name="scriptName"/> changed nothing, so it may be made again.</summary>
    internal static bool DidNothing(string message, string scriptName)
    {
        if (message.StartsWith("TRYAGAIN", StringComparison.Ordinal) || message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)) return true;
        bool stoppedOnCluster = message.Contains("non local key", StringComparison.Ordinal) || message.Contains("cluster is down", StringComparison.Ordinal);
        return stoppedOnCluster && ReadOnly.Contains(scriptName);
    }
}
