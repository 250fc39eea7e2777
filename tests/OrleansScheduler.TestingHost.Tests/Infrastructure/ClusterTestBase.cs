using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.TestingHost;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests.Infrastructure;

/// <summary>
/// What every cluster test shares: a per-test ledger and log, a cluster on the store the subclass
/// chooses (the shared in-memory stores, or a real redis-server under a fresh key prefix), the
/// test handlers, and waits that poll for a condition. Disposal opens the gate so no handler
/// holds a silo's drain up, then stops the cluster and writes the silos' log to the test output
/// (shown when a test fails).
/// </summary>
public abstract class ClusterTestBase(Action<TestClusterBuilder> useStore, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The longest any single wait of these tests may take; they normally settle in a second or two.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private TestCluster? _cluster;

    protected RunLedger Ledger { get; } = new();

    protected RecordingLoggerProvider Logs { get; } = new();

    protected TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Deploy the cluster first.");

    protected ClusterClient Client => Cluster.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Ledger.OpenGate();
        try
        {
            if (_cluster is not null) await _cluster.DisposeAsync();
        }
        finally
        {
            foreach (var entry in Logs.Entries) output.WriteLine(entry.ToString());
        }
    }

    /// <summary>Builds and deploys a cluster of <paramref name="silos"/> silos with the test handlers and the test timings.</summary>
    protected async Task<TestCluster> DeployAsync(int silos, Action<SchedulerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = new TestClusterBuilder(silos)
            .ConfigureHandlers(b => b
                .AddHandler<GatedHandler>("gated")
                .AddHandler<StubbornHandler>("stubborn")
                .AddHandler<QuickHandler>("quick")
                .AddHandler<SiloCrashingHandler>("crash"))
            .ConfigureServices(services =>
            {
                services.AddSingleton(Ledger);
                services.AddSingleton<ILoggerProvider>(Logs);
            });
        useStore(builder);
        if (configure is not null) builder.ConfigureSilos(configure);
        if (services is not null) builder.ConfigureServices(services);
        _cluster = builder.Build();
        Ledger.Cluster = _cluster;
        await _cluster.DeployAsync();
        return _cluster;
    }

    protected Task<IReadOnlyList<string>> SubmitAsync(string type, int count, DateTimeOffset? runAt = null) =>
        Client.SubmitBatchAsync([.. Enumerable.Range(0, count).Select(_ => new TaskSubmission { Type = type, RunAt = runAt })]);

    protected async Task<TaskRecord> GetAsync(string id) =>
        await Client.GetAsync(id) ?? throw new InvalidOperationException($"Task {id} is not in the store.");

    protected async Task<IReadOnlyList<TaskRecord>> GetAllAsync(IEnumerable<string> ids) =>
        await Task.WhenAll(ids.Select(GetAsync));

    /// <summary>Waits until the handlers have started <paramref name="count"/> times in all.</summary>
    protected Task<IReadOnlyList<RunLedger.Run>> WaitForStartsAsync(int count) =>
        Eventually.Until(() => Task.FromResult(Ledger.Starts), starts => starts.Count >= count, $"{count} handler starts", Patience);

    /// <summary>Waits until every task of <paramref name="ids"/> is in a terminal state and returns them.</summary>
    protected Task<IReadOnlyList<TaskRecord>> WaitUntilFinishedAsync(IReadOnlyCollection<string> ids) =>
        Eventually.Until(() => GetAllAsync(ids), tasks => tasks.All(t => t.Status.IsTerminal()),
            $"all {ids.Count} tasks to finish", Patience);

    /// <summary>Waits until the membership table's entry for <paramref name="siloId"/> satisfies <paramref name="done"/> (null when absent).</summary>
    protected Task<SiloEntry?> WaitForSiloEntryAsync(string siloId, Func<SiloEntry?, bool> done, string awaited) =>
        Eventually.Until(async () => (await Client.ListSilosAsync()).FirstOrDefault(s => s.Id == siloId), done, awaited, Patience);

    /// <summary>Waits until the silos have logged that the outcome of <paramref name="taskId"/>'s attempt with <paramref name="token"/> was rejected.</summary>
    protected Task<IReadOnlyList<RecordingLoggerProvider.Entry>> WaitForRejectedOutcomeAsync(string taskId, long token) =>
        Eventually.Until(() => Task.FromResult(Logs.Named("OutcomeRejected")),
            rejected => rejected.Any(e => e["TaskId"] == taskId && e["Token"] == token.ToString()),
            $"the outcome of task {taskId} with token {token} to be rejected", Patience);

    protected static RunResult ResultOf(TaskRecord task) =>
        JsonSerializer.Deserialize<RunResult>(task.Result ?? throw new InvalidOperationException($"Task {task.Id} has no result ({task.Status})."), JsonSerializerOptions.Web)!;
}
