using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// End to end: two silo hosts in this process, each with its own ports and API, clustered on one real
/// redis-server and keeping their tasks there under one key prefix. Work submitted through either
/// API runs once, on whichever silo claims it.
/// </summary>
public sealed class TwoSilosSharingRedisTests : IAsyncLifetime
{
    private const int TaskCount = 10_000, BatchSize = 500;
    private readonly RedisBackend _redis = new();
    private readonly RunLedger _ledger = new();
    private readonly List<SiloFactory> _silos = [];

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(await _redis.StartAsync()) { ["Orleans:ClusterId"] = "two-silos" };
        foreach (string name in new[] { "silo-a", "silo-b" })
        {
            var silo = new SiloFactory(new Dictionary<string, string?>(settings) { ["Orleans:Name"] = name }, services =>
            {
                services.AddSingleton(_ledger);
                services.AddTaskHandler<CountingHandler>("count");
            });
            _silos.Add(silo.Start());
        }
    }

    public async Task DisposeAsync()
    {
        for (int i = _silos.Count - 1; i >= 0; i--) await _silos[i].DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ten_thousand_tasks_submitted_through_both_gateways_each_run_exactly_once_and_both_silos_work()
    {
        var clients = _silos.Select(s => s.CreateSchedulerClient()).ToArray();
        var ids = new List<string>(TaskCount);
        for (int batch = 0; batch < TaskCount / BatchSize; batch++)
        {
            var requests = Enumerable.Range(0, BatchSize).Select(i => SubmitTaskRequest.Create("count", new { batch, i })).ToList();
            ids.AddRange(await clients[batch % clients.Length].SubmitBatchAsync(requests));
        }
        Assert.Equal(TaskCount, ids.Distinct().Count());

        await Eventually.Until(() => Task.FromResult(_ledger.RunsByTask.Count), ran => ran == TaskCount,
            $"all {TaskCount} tasks to have run", TimeSpan.FromSeconds(60));
        var unfinished = await Eventually.Until(
            async () => (await _silos[0].Store.AllTasksAsync()).Where(t => t.Status != Tasks.TaskState.Succeeded).Select(t => $"{t.Id}:{t.Status}").ToList(),
            notSucceeded => notSucceeded.Count == 0,
            "every task to be stored as Succeeded", TimeSpan.FromSeconds(30));

        Assert.Empty(unfinished);
        Assert.Equal(ids.Order(), _ledger.RunsByTask.Keys.Order());
        Assert.All(_ledger.RunsByTask, run => Assert.True(run.Value == 1, $"task {run.Key} ran {run.Value} times"));
        // Handlers see the address of the silo that runs them.
        var silos = _silos.Select(s => s.SiloId).ToList();
        Assert.True(silos.All(id => _ledger.RunsBySilo.GetValueOrDefault(id) > 0),
            $"both silos ({string.Join(", ", silos)}) should have run tasks: {string.Join(", ", _ledger.RunsBySilo)}");
        var sample = await clients[1].GetAsync(ids[^1]);
        Assert.Equal(TaskState.Succeeded, sample?.Status);
        Assert.Equal(1, sample!.Result!.Value.GetProperty("run").GetInt32());
    }
}
