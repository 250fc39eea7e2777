using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// What every cluster test shares: a per-test ledger and log, a cluster on the storage the subclass
/// chooses (one in-memory store for all silos, or a real redis-server under a fresh key prefix), the test
/// handlers, and waits that poll for a condition. Disposal opens the gate so no handler holds a silo's drain
/// up, then stops the cluster and writes the silos' log to the test output (shown when a test fails).
/// </summary>
public abstract class ClusterTestBase(Func<ClusterStorage> storage, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The longest any single wait of these tests may take; they normally settle in a second or two.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private SchedulerCluster? _cluster;

    protected RunLedger Ledger { get; } = new();

    protected RecordingLoggerProvider Logs { get; } = new();

    protected ClusterStorage Storage { get; } = storage();

    protected SchedulerCluster Cluster => _cluster ?? throw new InvalidOperationException("Deploy the cluster first.");

    protected IClusterClient Client => Cluster.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Ledger.OpenGate();
        try
        {
            if (_cluster is not null) await _cluster.DisposeAsync();
            await Storage.DisposeAsync();
        }
        finally
        {
            foreach (var entry in Logs.Entries) output.WriteLine(entry.ToString());
        }
    }

    /// <summary>Deploys a cluster of <paramref name="silos"/> silos with the test handlers and the test timings.</summary>
    protected async Task<SchedulerCluster> DeployAsync(int silos, Action<SchedulerOptions>? configure = null, Action<ISiloBuilder>? silo = null)
    {
        _cluster = await SchedulerCluster.DeployAsync(silos, Storage, configure, siloBuilder =>
        {
            siloBuilder.AddHandler<GatedHandler>("gated")
                       .AddHandler<StubbornHandler>("stubborn")
                       .AddHandler<QuickHandler>("quick")
                       .AddHandler<SiloCrashingHandler>("crash")
                       .AddHandler<FanOutHandler>("fan")
                       .AddBuiltInHandlers();
            siloBuilder.Services.AddSingleton(Ledger);
            silo?.Invoke(siloBuilder);
        }, Logs);
        Ledger.Cluster = _cluster;
        return _cluster;
    }

    protected async Task<string> SubmitAsync(TaskSubmission task) => (await Client.GetGrain<ISubmitterGrain>(0).SubmitAsync(task)).Id;

    protected async Task<IReadOnlyList<string>> SubmitAsync(string type, int count, DateTimeOffset? runAt = null, string queue = TaskLimits.DefaultQueue) =>
        (await Client.GetGrain<ISubmitterGrain>(0).SubmitBatchAsync([.. Enumerable.Range(0, count).Select(_ => new TaskSubmission { Type = type, RunAt = runAt, Queue = queue })])).Ids;

    /// <summary>The task as stored now (read from the store, not through a grain, so a dead silo cannot hide it).</summary>
    protected async Task<TaskRecord> GetAsync(string id) =>
        await Storage.Tasks.GetAsync(id) ?? throw new InvalidOperationException($"Task {id} is not in the store.");

    protected async Task<IReadOnlyList<TaskRecord>> GetAllAsync(IEnumerable<string> ids) =>
        await Task.WhenAll(ids.Select(GetAsync));

    /// <summary>Waits until the handlers have started <paramref name="count"/> times in all.</summary>
    protected Task<IReadOnlyList<RunLedger.Run>> WaitForStartsAsync(int count) =>
        Eventually.Until(() => Task.FromResult(Ledger.Starts), starts => starts.Count >= count, $"{count} handler starts", Patience);

    /// <summary>Waits until every task of <paramref name="ids"/> is in a terminal state and returns them.</summary>
    protected Task<IReadOnlyList<TaskRecord>> WaitUntilFinishedAsync(IReadOnlyCollection<string> ids) =>
        Eventually.Until(() => GetAllAsync(ids), tasks => tasks.All(t => t.Status.IsTerminal()),
            $"all {ids.Count} tasks to finish", Patience);

    /// <summary>
    /// Waits until the membership agrees with the test and the work of <paramref name="gone"/> has been failed
    /// over: none of them owns a Running task in any queue any more.
    /// </summary>
    protected async Task WaitForFailoverAsync(params Orleans.TestingHost.InProcessSiloHandle[] gone)
    {
        await Cluster.WaitForMembershipAsync();
        var ids = gone.Select(SchedulerCluster.IdOf).ToHashSet();
        await Eventually.Until(async () =>
            {
                var owners = new List<string>();
                foreach (string queue in await Storage.Tasks.ListQueuesAsync())
                    owners.AddRange((await Storage.Tasks.ListRunningOwnersAsync(queue)).Select(o => o.SiloId));
                return owners;
            },
            owners => !owners.Any(ids.Contains), $"the work of {string.Join(", ", ids)} to be failed over", Patience);
    }

    /// <summary>Waits until the silos have logged that the outcome of <paramref name="taskId"/>'s attempt with <paramref name="token"/> was rejected.</summary>
    protected Task<IReadOnlyList<RecordingLoggerProvider.Entry>> WaitForRejectedOutcomeAsync(string taskId, long token) =>
        Eventually.Until(() => Task.FromResult(Logs.Named("OutcomeRejected")),
            rejected => rejected.Any(e => e["TaskId"] == taskId && e["Token"] == token.ToString()),
            $"the outcome of task {taskId} with token {token} to be rejected", Patience);

    protected static RunResult ResultOf(TaskRecord task) =>
        JsonSerializer.Deserialize<RunResult>(task.Result ?? throw new InvalidOperationException($"Task {task.Id} has no result ({task.Status})."), JsonSerializerOptions.Web)!;
}
