using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Silos sharing one real redis-server under one key prefix of their own.</summary>
public sealed class RedisClusterFixture : ClusterFixture
{
    private readonly RedisServer _redis = new();

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync() => RedisSiloSettings.StartAsync(_redis);

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
