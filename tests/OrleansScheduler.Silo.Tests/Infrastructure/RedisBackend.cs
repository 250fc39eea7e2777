using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// A real redis-server started for the fixture: the silos cluster on it (Orleans' Redis membership, under
/// the fixture's ClusterId) and keep their tasks there under a key prefix of their own.
/// </summary>
public sealed class RedisBackend : ClusterBackend
{
    private readonly RedisServer _redis = new();

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string?>> StartAsync()
    {
        await _redis.InitializeAsync();
        return new Dictionary<string, string?>
        {
            ["Scheduler:Redis"] = _redis.ConnectionString,
            ["Scheduler:RedisStore:KeyPrefix"] = RedisServer.NewKeyPrefix(),
            // Silos of a test talk over loopback, whatever interfaces the machine has.
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        };
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
