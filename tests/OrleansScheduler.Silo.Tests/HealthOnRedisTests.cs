using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansScheduler.Redis;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// <c>/healthz</c> of a silo on Redis says what its store's watch saw: ok while the store's data is there, 503
/// <c>redis-data-lost</c> once it vanished under the silo (here: its marker key deleted, as FLUSHALL would).
/// </summary>
public sealed class HealthOnRedisTests : IAsyncLifetime
{
    private readonly RedisBackend _redis = new();
    private SiloFactory _silo = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(await _redis.StartAsync()) { ["Orleans:ClusterId"] = "health-on-redis" };
        _silo = new SiloFactory(settings).Start();
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task healthz_answers_ok_while_the_data_is_there_and_503_redis_data_lost_once_it_vanished_under_the_silo()
    {
        using var http = _silo.CreateClient();
        var (code, body) = await HealthAsync(http);
        Assert.True(code == HttpStatusCode.OK && body.Contains("\"status\":\"ok\"", StringComparison.Ordinal), $"{code} {body}");
        Assert.DoesNotContain("cause", body, StringComparison.Ordinal);

        var prefix = _silo.Services.GetRequiredService<IOptions<RedisStoreOptions>>().Value.KeyPrefix;
        var redis = _silo.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await Eventually.Until(() => redis.KeyExistsAsync($"{prefix}:{{os:cluster}}:marker"), exists => exists, "the watch to write its marker");
        await redis.KeyDeleteAsync($"{prefix}:{{os:cluster}}:marker");

        var (lostCode, lostBody) = await Eventually.Until(() => HealthAsync(http), h => h.Code == HttpStatusCode.ServiceUnavailable,
            "/healthz to answer 503 after the marker vanished", TimeSpan.FromSeconds(15));
        Assert.Contains("\"status\":\"redis-data-lost\"", lostBody, StringComparison.Ordinal);
        Assert.Contains("\"cause\":", lostBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, lostCode);
    }

    private static async Task<(HttpStatusCode Code, string Body)> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/healthz");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
