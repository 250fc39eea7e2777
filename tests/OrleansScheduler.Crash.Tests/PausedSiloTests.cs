using System.Diagnostics;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// A silo that stalls instead of dying: SIGSTOP keeps its sockets open, so nothing but Orleans'
/// missed probes tells the others. Its tasks must run elsewhere, and when it wakes up after Orleans
/// declared it dead it must neither record an outcome over the attempts that replaced its own (the
/// fencing token refuses them) nor keep running: Orleans stops a silo that finds itself dead.
/// </summary>
public sealed class PausedSiloTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int TaskCount = 8, SleepMs = 3_000;
    private const string SiloArgs = "--failover fast --capacity 4 --Scheduler:PollInterval=00:00:00.250";
    private const string Stalled = "silo-2";

    private static readonly TimeSpan AllSucceededWithin = TimeSpan.FromSeconds(60), ExitsWithin = TimeSpan.FromSeconds(30);
    private static readonly IReadOnlySet<string> AvoidStalled = new HashSet<string> { Stalled };

    private readonly LocalCluster _cluster = new();
    private ClusterApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await ClusterApi.StartWithGatewayAsync(_cluster, 2, Random.Shared.Next(26_000, 29_000), SiloArgs);

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task a_stalled_silos_tasks_run_elsewhere_and_when_it_wakes_it_records_nothing_and_stops()
    {
        var silos = await _api.CallAsync(client => client.ListSilosAsync());
        string stalledId = silos.Silos.Single(s => s.Name == Stalled).Id;
        var requests = Enumerable.Range(0, TaskCount)
            .Select(i => SubmitTaskRequest.Create("sleep", new { ms = SleepMs }) with { IdempotencyKey = $"paused-{i}" })
            .ToList();
        var ids = await _api.CallAsync(client => client.SubmitBatchAsync(requests));

        // Both silos have four slots, so the stalled one holds about half of the first round.
        var onStalled = await Eventually.Until(
            () => ListAsync(ids),
            tasks => tasks.Any(t => t.Status == TaskState.Running && t.Silo == stalledId),
            $"a task Running on {Stalled}", TimeSpan.FromSeconds(30));
        var stranded = onStalled.Where(t => t.Status == TaskState.Running && t.Silo == stalledId).Select(t => t.Id).ToHashSet();

        var watch = Stopwatch.StartNew();
        await _cluster.PauseAsync(Stalled);
        await _api.RefreshAsync();

        var dead = await Eventually.Until(
            () => _api.CallAsync(client => client.ListSilosAsync(), AvoidStalled),
            list => list.Silos.Any(s => s.Id == stalledId && s.Status == SiloState.Dead),
            $"{Stalled} declared Dead", TimeSpan.FromSeconds(30));
        var declaredDead = watch.Elapsed;
        var finished = await Eventually.Until(
            () => ListAsync(ids, AvoidStalled),
            tasks => tasks.All(t => t.Status == TaskState.Succeeded),
            $"all {TaskCount} tasks Succeeded while {Stalled} is stalled", AllSucceededWithin);
        var allSucceeded = watch.Elapsed;
        Assert.All(finished.Where(t => stranded.Contains(t.Id)), t =>
        {
            Assert.True(t.Failovers >= 1, $"{t.Id} was running on the stalled silo but was never failed over");
            Assert.NotEqual(stalledId, t.Silo);
        });

        await _cluster.ResumeAsync(Stalled);
        var exited = await Eventually.Until(
            () => _cluster.StatusAsync(),
            processes => processes.Single(p => p.Name == Stalled).State == "gone",
            $"{Stalled} stopping by itself once it finds it was declared dead", ExitsWithin);
        await _api.RefreshAsync();

        // What the stalled silo's finished sleeps tried to record afterwards changed nothing.
        var after = await ListAsync(ids);
        Assert.All(after, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(after.Where(t => stranded.Contains(t.Id)), t => Assert.NotEqual(stalledId, t.Silo));
        foreach (string id in ids)
        {
            var events = await _api.CallAsync(client => client.GetTaskEventsAsync(id));
            Assert.NotNull(events);
            var succeeded = events.Where(e => e.Type == "succeeded").ToList();
            Assert.True(succeeded.Count == 1, $"{id} should have one 'succeeded' event, not {succeeded.Count}: {string.Join(", ", events.Select(e => $"{e.Type}@{e.Silo}#{e.Attempt}"))}");
            Assert.NotEqual(stalledId, succeeded[0].Silo);
        }

        string log = await File.ReadAllTextAsync(Path.Combine(_cluster.StateDirectory, $"{Stalled}.log"));
        int refused = log.Split('\n').Count(line => line.Contains("was rejected", StringComparison.Ordinal));
        output.WriteLine($"{Stalled} ran {stranded.Count} task(s) when paused; declared Dead {declaredDead.TotalSeconds:0.0} s later; "
            + $"all {TaskCount} Succeeded after {allSucceeded.TotalSeconds:0.0} s; after SIGCONT its log shows {refused} refused outcome(s) before it stopped.");
        _cluster.DeleteStateOnDispose = true;
    }

    private async Task<List<TaskInfo>> ListAsync(IReadOnlyList<string> ids, IReadOnlySet<string>? avoid = null)
    {
        var tasks = new List<TaskInfo>(ids.Count);
        foreach (string id in ids)
        {
            tasks.Add(await _api.CallAsync(async client => await client.GetAsync(id) ?? throw new InvalidOperationException($"task {id} is unknown"), avoid));
        }
        return tasks;
    }
}
