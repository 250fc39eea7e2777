using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>A silo on a real redis-server started for the fixture, under a key prefix of its own.</summary>
public sealed class RedisSiloFixture : SiloFixture
{
    private readonly RedisServer _redis = new();

    /// <inheritdoc />
    public override string SiloId => "redis-silo";

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() => RedisSiloSettings.StartAsync(_redis);

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
