using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Persistence;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// <c>UseRedisTaskStore(ConfigurationOptions)</c>, which the silo executable calls with the one configuration it
/// also gives Orleans (credentials, TLS callbacks): the store and its grain storage connect with copies of it.
/// </summary>
public sealed class ConnectionOptionsHostingTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private IHost Build(ConfigurationOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        int[] ports = FreePort.Take(2);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ports[0], ports[1]).AddTaskScheduler()
            .UseRedisTaskStore(options, o => o.KeyPrefix = RedisServer.NewKeyPrefix()));
        return builder.Build();
    }

    [Fact]
    public async Task the_store_and_its_grain_storage_connect_with_copies_of_the_given_options_leaving_the_callers_unchanged()
    {
        var options = ConfigurationOptions.Parse(redis.Server.ConnectionString);
        options.ClientName = "store-" + Guid.NewGuid().ToString("N")[..8];
        using var host = Build(options);

        var connection = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var storage = host.Services.GetRequiredService<IOptionsMonitor<RedisStorageOptions>>().Get(SchedulerGrainStorage.Name).ConfigurationOptions;
        await host.Services.GetRequiredService<ITaskStore>().SubmitAsync([new Tasks.TaskSubmission { Type = "echo" }]);

        Assert.Equal(options.ClientName, connection.ClientName);
        Assert.Equal(options.ClientName, storage?.ClientName);
        Assert.NotSame(options, storage);
        // The store turns SELECT off on its own copy only (RedisStoreConnection).
        Assert.Same(CommandMap.Default, options.CommandMap);
    }

    [Fact]
    public void the_store_options_show_a_configuration_given_as_options_without_its_password()
    {
        string password = "pw-" + Guid.NewGuid().ToString("N");
        var options = ConfigurationOptions.Parse($"127.0.0.1:1,user=osched,password={password},abortConnect=false");
        using var host = Build(options);

        string shown = host.Services.GetRequiredService<IOptions<RedisStoreOptions>>().Value.Configuration;

        Assert.Contains("user=osched", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(password, shown, StringComparison.Ordinal);
    }
}
