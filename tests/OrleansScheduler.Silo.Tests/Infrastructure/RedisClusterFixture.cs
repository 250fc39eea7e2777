using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Silos sharing one real redis-server under one key prefix of their own.</summary>
public sealed class RedisClusterFixture : ClusterFixture
{
    private readonly RedisServer _redis = new();

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync()
    {
        await _redis.InitializeAsync();
        return new Dictionary<string, string?>
        {
            ["Scheduler:Redis"] = _redis.ConnectionString,
            ["Scheduler:RedisStore:KeyPrefix"] = RedisServer.NewKeyPrefix(),
        };
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
