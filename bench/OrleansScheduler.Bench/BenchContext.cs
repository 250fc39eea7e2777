namespace OrleansScheduler.Bench;

/// <summary>What every scenario gets: the Redis server under test (and a Redis Cluster, if given), the sizes, and where progress goes.</summary>
public sealed class BenchContext(string redis, BenchSizes sizes, RedisAdmin admin, TextWriter log, string? redisCluster = null)
{
    private static int _prefixCounter;

    /// <summary>The StackExchange.Redis configuration string of the server under test.</summary>
    public string Redis { get; } = redis;

    /// <summary>The StackExchange.Redis configuration string of a Redis Cluster (its endpoints); null when none was given.</summary>
    public string? RedisCluster { get; } = redisCluster;

    /// <summary>How big each scenario is.</summary>
    public BenchSizes Sizes { get; } = sizes;

    /// <summary>The harness's own connection: counters and key clean-up.</summary>
    public RedisAdmin Admin { get; } = admin;

    /// <summary>Progress lines (not figures).</summary>
    public TextWriter Log { get; } = log;

    private readonly List<RedisProfile> _profiles = [];

    /// <summary>The Redis profiles the scenarios left, in the order they were taken.</summary>
    public IReadOnlyList<RedisProfile> Profiles => _profiles;

    /// <summary>Keeps <paramref name="profile"/> for the report (printed under the table, written into the JSON).</summary>
    public void AddProfile(RedisProfile profile) => _profiles.Add(profile);

    /// <summary>A key prefix no earlier run of this process used, so runs never see each other's tasks.</summary>
    public static string NewKeyPrefix() =>
        $"bench{Interlocked.Increment(ref _prefixCounter)}x{Random.Shared.Next(0x100000):x5}";
}
