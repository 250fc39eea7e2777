namespace OrleansScheduler.Storage;

/// <summary>
/// The store's own view of its health, kept by a background check so that reading it costs nothing: a health
/// probe reads <see cref="Current"/> and never makes a store call of its own. The in-memory store registers none
/// (it cannot lose its data under a running process); the Redis store's is <c>RedisDataWatch</c>.
/// </summary>
public interface IStoreHealth
{
    /// <summary>The state the last check saw; a loss that needs an operator stays reported until the process restarts.</summary>
    StoreHealth Current { get; }
}
