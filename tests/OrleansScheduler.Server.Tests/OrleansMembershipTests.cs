using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// The membership is Orleans' own: a silo on Redis clustering is listed in Orleans' membership hash,
/// <c>{ServiceId}/members/{ClusterId}</c>, and the scheduler keeps no membership of its own.
/// </summary>
public sealed class OrleansMembershipTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task a_silo_on_redis_clustering_is_listed_in_orleans_membership_hash_under_its_service_and_cluster_ids()
    {
        string clusterId = "c" + Guid.NewGuid().ToString("N")[..8], serviceId = "s" + Guid.NewGuid().ToString("N")[..8];
        string prefix = RedisServer.NewKeyPrefix();
        int[] ports = FreePort.Take(2);
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseRedisClustering(redis.ConnectionString)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            })
            .ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1])
            .AddTaskScheduler()
            .UseRedisTaskStore(redis.ConnectionString, o => o.KeyPrefix = prefix));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            string self = host.Services.GetRequiredService<LocalSilo>().Id;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var fields = await Eventually.Until(() => connection.GetDatabase().HashKeysAsync($"{serviceId}/members/{clusterId}"),
                keys => keys.Length > 1, "the silo to be in Orleans' membership hash");

            var silo = SiloAddresses.TryParse(self)!;
            Assert.Contains(fields, f => (string)f! == "Version");
            Assert.Contains(fields, f => (string)f! == silo.ToString());
            // The scheduler's own keys hold tasks and schedules, and no silos.
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            Assert.Empty(server.Keys(pattern: $"{prefix}:*silo*").ToList());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
