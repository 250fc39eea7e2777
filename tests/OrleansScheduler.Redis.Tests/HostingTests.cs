using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// <c>silo.AddTaskScheduler(…).UseRedisTaskStore(redis, o => …)</c>, in either order, registers what a silo
/// runs on: the Redis task and schedule stores on one shared connection, the scheduler's clock and the
/// limits. The hosts are built, never started: nothing here needs a running silo.
/// </summary>
public sealed class HostingTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly string BigPayload = "\"" + new string('x', 40) + "\"";

    private IHost Build(bool storeFirst, string prefix, Action<SchedulerOptions>? scheduler = null, Action<RedisStoreOptions>? store = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        int[] ports = FreePort.Take(2);
        builder.UseOrleans(silo =>
        {
            services?.Invoke(silo.Services);
            silo.UseLocalhostClustering(ports[0], ports[1]);
            if (storeFirst) UseRedis(silo);
            silo.AddTaskScheduler(scheduler);
            if (!storeFirst) UseRedis(silo);
        });
        return builder.Build();

        void UseRedis(ISiloBuilder silo) => silo.UseRedisTaskStore(redis.Server.ConnectionString, o =>
        {
            o.KeyPrefix = prefix;
            store?.Invoke(o);
        });
    }

    private static ScheduleDefinition Nightly(string payload = "{}") =>
        new() { Name = "nightly", Cron = "@daily", Task = new ScheduleTaskTemplate { Type = "echo", Payload = payload } };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task the_task_and_schedule_stores_are_redis_ones_on_one_shared_connection_under_the_key_prefix_disposed_with_the_host(bool storeFirst)
    {
        string prefix = RedisServer.NewKeyPrefix();
        var host = Build(storeFirst, prefix);
        var tasks = host.Services.GetRequiredService<ITaskStore>();
        var schedules = host.Services.GetRequiredService<IScheduleStore>();
        var connection = host.Services.GetRequiredService<IConnectionMultiplexer>();
        Assert.IsType<RedisTaskStore>(tasks);
        Assert.IsType<RedisScheduleStore>(schedules);
        Assert.Same(tasks, host.Services.GetRequiredService<ITaskStore>());
        Assert.Same(connection, host.Services.GetRequiredService<IConnectionMultiplexer>());
        await ((RedisServerClock)host.Services.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key)).FirstMeasurement;

        // Each store's calls go through the one registered connection.
        long before = connection.OperationCount;
        var id = (await tasks.SubmitAsync([new TaskSubmission { Type = "echo" }]))[0];
        long afterTask = connection.OperationCount;
        await schedules.CreateAsync(Nightly());
        Assert.True(before < afterTask && afterTask < connection.OperationCount, $"operations {before}, then {afterTask}, then {connection.OperationCount}");

        Assert.Equal(TaskState.Pending, (await tasks.GetAsync(id))!.Status);
        var keys = redis.Admin.Keys(pattern: prefix + ":*").Select(k => (string)k!).ToList();
        Assert.Contains($"{prefix}:{{os:cluster}}:queues", keys);
        Assert.Contains($"{prefix}:{{os:cluster}}:schedule:nightly", keys);

        host.Dispose();
        Assert.False(connection.IsConnected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void a_connection_the_application_registered_first_is_used_and_left_open(bool storeFirst)
    {
        var own = redis.Connection;
        var host = Build(storeFirst, RedisServer.NewKeyPrefix(), services: s => s.AddSingleton<IConnectionMultiplexer>(own));

        Assert.Same(own, host.Services.GetRequiredService<IConnectionMultiplexer>());
        Assert.IsType<RedisTaskStore>(host.Services.GetRequiredService<ITaskStore>());

        host.Dispose();
        Assert.True(own.IsConnected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void the_scheduler_clock_follows_the_redis_server(bool storeFirst)
    {
        using var host = Build(storeFirst, RedisServer.NewKeyPrefix());

        var clock = host.Services.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key);

        Assert.IsType<RedisServerClock>(clock);
        Assert.Same(clock, host.Services.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key));
        // Orleans' own timing is not the scheduler's clock.
        Assert.NotSame(clock, host.Services.GetRequiredService<TimeProvider>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void with_use_server_clock_off_the_scheduler_clock_is_the_system_clock(bool storeFirst)
    {
        using var host = Build(storeFirst, RedisServer.NewKeyPrefix(), store: o => o.UseServerClock = false);

        Assert.Same(TimeProvider.System, host.Services.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task the_payload_and_history_limits_come_from_the_scheduler_options(bool storeFirst)
    {
        var history = new HistoryLimits { EventStreamLength = 0, MaxLogLines = 7, MaxLogLineLength = 50, MaxAttemptHistory = 3 };
        using var host = Build(storeFirst, RedisServer.NewKeyPrefix(), scheduler: o =>
        {
            o.MaxPayloadBytes = 16;
            o.History = history;
        });

        var options = host.Services.GetRequiredService<IOptions<RedisStoreOptions>>().Value;
        Assert.Equal((16, history), (options.MaxPayloadBytes, options.History));
        var tasks = host.Services.GetRequiredService<ITaskStore>();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => tasks.SubmitAsync([new TaskSubmission { Type = "echo", Payload = BigPayload }]));
        Assert.Contains("the limit is 16", error.Message);
        var scheduleError = await Assert.ThrowsAsync<ArgumentException>(() => host.Services.GetRequiredService<IScheduleStore>().CreateAsync(Nightly(BigPayload)));
        Assert.Contains("the limit is 16", scheduleError.Message);
        await tasks.SubmitAsync([new TaskSubmission { Type = "echo" }]);
        Assert.Empty(await tasks.ReadEventsAsync("default", null, 10)); // EventStreamLength 0: no events
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task limits_set_in_the_redis_options_win_over_the_scheduler_options(bool storeFirst)
    {
        var history = new HistoryLimits { EventStreamLength = 5 };
        using var host = Build(storeFirst, RedisServer.NewKeyPrefix(), scheduler: o =>
        {
            o.MaxPayloadBytes = 16;
            o.History = new HistoryLimits { EventStreamLength = 0 };
        }, store: o =>
        {
            o.MaxPayloadBytes = 1024;
            o.History = history;
        });

        var options = host.Services.GetRequiredService<IOptions<RedisStoreOptions>>().Value;
        Assert.Equal((1024, history), (options.MaxPayloadBytes, options.History));
        var tasks = host.Services.GetRequiredService<ITaskStore>();
        Assert.Single(await tasks.SubmitAsync([new TaskSubmission { Type = "echo", Payload = BigPayload }]));
        Assert.Single(await tasks.ReadEventsAsync("default", null, 10));
    }
}
