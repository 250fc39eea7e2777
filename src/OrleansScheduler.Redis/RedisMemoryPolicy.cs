using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Refuses a Redis whose <c>maxmemory-policy</c> evicts keys. Every policy but <c>noeviction</c> lets a full Redis
/// delete keys to make room, and for the scheduler any key may be a task, a queue's index or Orleans' membership:
/// tasks would vanish without an error. Under <c>noeviction</c> a full Redis refuses writes instead, which the store
/// answers with a 503 (<see cref="RedisStoreFaults"/>) while running tasks still end (their transitions are <c>allow-oom</c>).
/// </summary>
internal static class RedisMemoryPolicy
{
    /// <summary>The only policy the store accepts.</summary>
    public const string NoEviction = "noeviction";

    /// <summary>Asks <paramref name="server"/> for its policy through <paramref name="check"/> (memory_policy.lua) and throws when it evicts.</summary>
    /// <exception cref="InvalidOperationException">The server evicts keys when full.</exception>
    public static async Task ThrowIfEvictingAsync(IServer server, RedisScript check, ILogger logger)
    {
        string policy;
        try
        {
            policy = (string?)await server.ExecuteAsync("FCALL", check.FunctionName, 0) ?? "";
        }
        catch (RedisServerException e) when (e.Message.Contains("NOPERM", StringComparison.Ordinal))
        {
            // an ACL user without INFO: the operator has to make sure of the policy
            RedisStoreLog.MemoryPolicyUnknown(logger, server.EndPoint.ToString() ?? "", e.Message);
            return;
        }
        if (policy is "" or NoEviction) return;
        throw new InvalidOperationException(
            $"Redis at {server.EndPoint} has maxmemory-policy {policy}: when it is full it deletes keys to make room, and any of them " +
            $"may be a task, a queue's index or the cluster's membership, lost without an error. Set maxmemory-policy {NoEviction} " +
            $"(in redis.conf, or CONFIG SET maxmemory-policy {NoEviction}) on every Redis the scheduler uses; a full Redis then refuses " +
            "new submissions with 503 while running tasks still end.");
    }
}
