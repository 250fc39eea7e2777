using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Redis;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// A silo whose task store reaches redis-server through <see cref="TcpFaultProxy"/>, which drops every connection,
/// stalls them and loses the replies of claims and completions while a few hundred short tasks run: every task
/// succeeds, its handler runs once, and none waits for its (long) timeout.
/// </summary>
public sealed class DroppedConnectionsTests(DroppedConnectionsTests.Redis redis, ITestOutputHelper output)
    : ClusterTestBase(() => new ProxiedRedisStorage(redis.Server), output), IClassFixture<DroppedConnectionsTests.Redis>
{
    private const int TasksPerWave = 43; // seven waves: about 300 tasks
    private static readonly TimeSpan LongTimeout = TimeSpan.FromMinutes(5);

    private readonly ITestOutputHelper _output = output;

    private ProxiedRedisStorage Proxied => (ProxiedRedisStorage)Storage;

    [Fact]
    public async Task tasks_run_once_and_end_soon_while_connections_drop_stall_and_lose_the_replies_of_claims_and_completions()
    {
        await DeployAsync(1, o => o.Capacity = 8);
        var proxy = Proxied.Proxy;
        var watch = Stopwatch.StartNew();

        // Each wave's fault strikes while the wave's claims and completions are under way.
        var ids = new List<string>();
        ids.AddRange(await WaveAsync(() => proxy.LoseNextReply("_claim\r"), () => proxy.LostReplies >= 1, "a claim's reply to be lost"));
        ids.AddRange(await WaveAsync(proxy.DropAll, () => true, "the connections to drop"));
        ids.AddRange(await WaveAsync(() => proxy.LoseNextReply("_complete\r"), () => proxy.LostReplies >= 2, "a completion's reply to be lost"));
        ids.AddRange(await StalledWaveAsync());
        ids.AddRange(await WaveAsync(() => proxy.LoseNextReply("_claim\r"), () => proxy.LostReplies >= 3, "a second claim's reply to be lost"));
        ids.AddRange(await WaveAsync(proxy.DropAll, () => true, "the connections to drop"));
        ids.AddRange(await WaveAsync(() => proxy.LoseNextReply("_complete\r"), () => proxy.LostReplies >= 4, "a second completion's reply to be lost"));
        var took = watch.Elapsed;

        var finished = await GetAllAsync(ids);
        _output.WriteLine($"{ids.Count} tasks in {took.TotalSeconds:0.0} s; proxy: {proxy.Dropped} connections dropped, {proxy.LostReplies} replies lost; " +
            $"{Logs.Named("ClaimRetrying").Count} claim retries, {Logs.Named("OutcomeFlushFailed").Count} outcome retries, {Logs.Named("OutcomeAlreadyRecorded").Count} outcomes already recorded");
        Assert.All(finished, t => Assert.Equal((TaskState.Succeeded, 1), (t.Status, t.Attempt)));
        Assert.All(ids, id => Assert.Single(Ledger.StartsOf(id)));
        Assert.True(took < LongTimeout / 10, $"the tasks took {took}: some waited for their timeout");
        Assert.Empty(Logs.Named("OutcomeRejected"));
        Assert.NotEmpty(Logs.Named("OutcomeAlreadyRecorded"));
    }

    /// <summary>Submits a wave of tasks, sets off <paramref name="fault"/>, waits until it <paramref name="struck"/> and the wave ended.</summary>
    private async Task<IReadOnlyList<string>> WaveAsync(Action fault, Func<bool> struck, string awaited)
    {
        var ids = await SubmitWaveAsync();
        fault();
        await Eventually.Until(() => Task.FromResult(struck()), done => done, awaited, Patience);
        await WaitUntilEndedAsync(ids);
        return ids;
    }

    /// <summary>A wave during which every connection stalls until a store call has timed out and been retried.</summary>
    private async Task<IReadOnlyList<string>> StalledWaveAsync()
    {
        int retriedBefore = Retries();
        var ids = await SubmitWaveAsync();
        Proxied.Proxy.Stall();
        try
        {
            await Eventually.Until(() => Task.FromResult(Retries()), n => n > retriedBefore, "a store call to time out in the stall and be retried", Patience);
        }
        finally
        {
            Proxied.Proxy.Resume();
        }
        await WaitUntilEndedAsync(ids);
        return ids;
    }

    private int Retries() => Logs.Named("ClaimRetrying").Count + Logs.Named("OutcomeFlushFailed").Count;

    private async Task<IReadOnlyList<string>> SubmitWaveAsync() =>
        await Storage.Tasks.SubmitAsync([.. Enumerable.Range(0, TasksPerWave).Select(_ => new TaskSubmission { Type = "quick", Timeout = LongTimeout })]);

    private Task<IReadOnlyList<TaskRecord>> WaitUntilEndedAsync(IReadOnlyList<string> ids) =>
        Eventually.Until(() => GetAllAsync(ids), tasks => tasks.All(t => t.Status.IsTerminal()), $"the wave's {ids.Count} tasks to end", Patience);

    /// <summary>The test's redis-server (RedisServer itself has two public constructors, which xUnit refuses in a class fixture).</summary>
    public sealed class Redis : IAsyncLifetime
    {
        public RedisServer Server { get; } = new();

        public Task InitializeAsync() => Server.InitializeAsync();

        public Task DisposeAsync() => Server.DisposeAsync();
    }

    /// <summary>
    /// The silos reach redis-server through a fault proxy, with short timeouts so a stall is noticed in a second;
    /// the test reads and submits on a connection of its own, straight to the server.
    /// </summary>
    private sealed class ProxiedRedisStorage(RedisServer redis) : ClusterStorage
    {
        private readonly string _prefix = RedisServer.NewKeyPrefix();
        private readonly ConnectionMultiplexer _direct = ConnectionMultiplexer.Connect(redis.ConnectionString);
        private RedisTaskStore? _tasks;
        private RedisScheduleStore? _schedules;

        public TcpFaultProxy Proxy { get; } = new(redis.Port);

        private string ProxiedConnection => $"127.0.0.1:{Proxy.Port},abortConnect=false,asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000";

        public override void Configure(ISiloBuilder silo) => silo.UseRedisTaskStore(ProxiedConnection, o => o.KeyPrefix = _prefix);

        public override ITaskStore Tasks => _tasks ??= new RedisTaskStore(_direct, new RedisStoreOptions { KeyPrefix = _prefix }, TimeProvider.System);

        public override IScheduleStore Schedules => _schedules ??= new RedisScheduleStore(_direct, new RedisStoreOptions { KeyPrefix = _prefix }, TimeProvider.System);

        public override async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await _direct.DisposeAsync();
        }
    }
}
