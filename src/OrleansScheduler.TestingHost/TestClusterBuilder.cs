using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage.InMemory;

namespace OrleansScheduler.TestingHost;

/// <summary>
/// Configures a <see cref="TestCluster"/>, as Orleans' <c>TestClusterBuilder</c> does:
/// <code>
/// await using var cluster = new TestClusterBuilder(3)
///     .UseInMemory()
///     .ConfigureHandlers(b => b.AddBuiltInHandlers())
///     .Build();
/// await cluster.DeployAsync();
/// </code>
/// Every silo starts with the short timings of <see cref="TestSiloDefaults"/> (heartbeat every
/// 100 ms, dead after 1 s, sweeps every 100 ms, role lease 1 s, poll every 100 ms, drain 5 s),
/// then the <see cref="ConfigureSilos"/> actions run. Calls to the <c>Configure…</c> methods add
/// up, in call order.
/// </summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<SchedulerOptions>> _configureSilos = [];
    private readonly List<Action<SchedulerBuilder>> _configureHandlers = [];
    private readonly List<Action<IServiceCollection>> _configureServices = [];
    private Func<TestClusterStorage> _storage = () => new InMemoryTestStorage(new InMemoryTaskStore(), new InMemoryClusterStore(), new InMemoryScheduleStore());

    /// <summary>A builder for a cluster that <see cref="TestCluster.DeployAsync"/> starts with <paramref name="initialSilosCount"/> silos.</summary>
    public TestClusterBuilder(int initialSilosCount = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialSilosCount);
        InitialSilosCount = initialSilosCount;
    }

    /// <summary>How many silos <see cref="TestCluster.DeployAsync"/> starts.</summary>
    public int InitialSilosCount { get; }

    /// <summary>
    /// Keeps the cluster in this process's memory (the default): one task store, one membership
    /// table and one schedule store shared by every silo and the client. New ones unless given.
    /// </summary>
    public TestClusterBuilder UseInMemory(InMemoryTaskStore? store = null, InMemoryClusterStore? cluster = null, InMemoryScheduleStore? schedules = null)
    {
        _storage = () => new InMemoryTestStorage(store ?? new InMemoryTaskStore(), cluster ?? new InMemoryClusterStore(), schedules ?? new InMemoryScheduleStore());
        return this;
    }

    /// <summary>
    /// Keeps the cluster in a real Redis: each silo connects on its own, all under one key prefix.
    /// </summary>
    /// <param name="connectionString">The StackExchange.Redis configuration string, e.g. <c>"127.0.0.1:6379"</c>.</param>
    /// <param name="keyPrefix">The prefix of every key, to keep clusters apart; a new unique one when null.</param>
    public TestClusterBuilder UseRedis(string connectionString, string? keyPrefix = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        string prefix = keyPrefix ?? $"tc{Guid.NewGuid():N}"[..12];
        _storage = () => new RedisTestStorage(connectionString, prefix);
        return this;
    }

    /// <summary>Changes every silo's options (capacity, queues, timings…) after the test defaults; the silo name is the cluster's.</summary>
    public TestClusterBuilder ConfigureSilos(Action<SchedulerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configureSilos.Add(configure);
        return this;
    }

    /// <summary>Adds handlers to every silo, e.g. <c>b => b.AddBuiltInHandlers().AddHandler&lt;MyHandler&gt;("x")</c>.</summary>
    public TestClusterBuilder ConfigureHandlers(Action<SchedulerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configureHandlers.Add(configure);
        return this;
    }

    /// <summary>Adds or replaces services in every silo's host; runs last, so its registrations win.</summary>
    public TestClusterBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configureServices.Add(configure);
        return this;
    }

    /// <summary>Makes the cluster and its client; no silo runs until <see cref="TestCluster.DeployAsync"/>.</summary>
    public TestCluster Build()
    {
        var storage = _storage();
        var factory = new SiloHostFactory(storage, [.. _configureSilos], [.. _configureHandlers], [.. _configureServices]);
        return new TestCluster(InitialSilosCount, storage, factory);
    }
}
