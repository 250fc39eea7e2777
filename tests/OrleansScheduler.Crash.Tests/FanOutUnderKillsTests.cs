using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// Fan-out / fan-in while silo processes die (DESIGN.md §8, §10): three silos on one redis-server, a parent
/// with 600 slow children submitted through a gateway-only process, and a map-reduce parent whose handler
/// spawns 1,000 children; two silos are killed with SIGKILL (and replaced) while the children run. Every
/// child counts once, each parent's join outcome is recorded once, after all its children finished, and
/// the map-reduce result is still the closed form's.
/// </summary>
public sealed class FanOutUnderKillsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Children = 600;
    private const string SiloArgs = "--failover fast --capacity 8 --Scheduler:SweepInterval=00:00:00.500 --Scheduler:PollInterval=00:00:00.250";

    private readonly LocalCluster _cluster = new();
    private ClusterApi _api = null!;

    public async Task InitializeAsync()
    {
        int basePort = Random.Shared.Next(26_000, 30_000);
        _api = await ClusterApi.StartWithGatewayAsync(_cluster, 3, basePort, SiloArgs, gatewayOnly: true);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task every_child_counts_once_and_each_join_is_recorded_once_while_silos_are_killed()
    {
        var random = new Random(2026);
        var children = Enumerable.Range(0, Children).Select(_ => SubmitTaskRequest.Create("sleep", new { ms = random.Next(100, 301) })).ToList();
        var family = await _api.CallAsync(client => client.SubmitWithChildrenAsync(
            SubmitTaskRequest.Create("echo", "joined") with { IdempotencyKey = "crash-family" }, children));
        var squares = await _api.CallAsync(client => client.SubmitAsync(
            SubmitTaskRequest.Create("sum-of-squares", new { n = 10_000_000, chunk = 10_000 }) with { IdempotencyKey = "crash-squares" }));

        var kills = new List<string>();
        for (int k = 0; k < 2; k++)
        {
            // Wait until the children are well under way, then kill a silo that is running some of them.
            int target = (k + 1) * Children / 4;
            await Eventually.Until(() => _api.CallAsync(client => client.GetAsync(family.Id)), p => p!.ChildrenFinished >= target,
                $"{target} of the children to finish", TimeSpan.FromSeconds(60));
            var victim = _api.Processes.Where(p => p.IsLiveSilo).ElementAt(random.Next(2));
            await _cluster.KillAsync(victim.Name);
            kills.Add($"{victim.Name} replaced by {await _cluster.AddAsync()}");
            await _api.RefreshAsync();
        }

        var parent = await WaitForTerminalAsync(family.Id);
        var reduced = await WaitForTerminalAsync(squares.Id);

        Assert.True(parent.Status == TaskState.Succeeded, $"the family ended {parent.Status}: {parent.Error}\n{_cluster.LogTails()}");
        Assert.Equal("\"joined\"", parent.Result?.GetRawText());
        Assert.Equal(Children, parent.ChildrenFinished);
        Assert.Equal(0, parent.ChildrenFailed);
        var all = await _api.CallAsync(client => AllChildrenAsync(client, family.Id));
        Assert.Equal(Children, all.Count);
        Assert.All(all, c => Assert.Equal(TaskState.Succeeded, c.Status));
        var attempts = await _api.CallAsync(client => client.GetAttemptsAsync(family.Id));
        Assert.Single(attempts!, a => a.Outcome == TaskAttemptOutcomes.Succeeded);
        // The silos' clocks are each one's estimate of Redis' and may differ by a few milliseconds, so the order is
        // read from the parent's queue's event stream: its last child counted, then it was released, then it started.
        var events = (await _api.CallAsync(client => client.GetTaskEventsAsync(family.Id)))!.Select(e => e.Type).ToList();
        Assert.Equal(Children, events.Count(e => e == TaskEventTypes.ChildFinished));
        Assert.True(events.LastIndexOf(TaskEventTypes.ChildFinished) < events.IndexOf(TaskEventTypes.Unblocked)
            && events.IndexOf(TaskEventTypes.Unblocked) < events.LastIndexOf(TaskEventTypes.Started), $"the join ran before its last child finished: {string.Join(", ", events)}");

        Assert.True(reduced.Status == TaskState.Succeeded, $"the map-reduce parent ended {reduced.Status}: {reduced.Error}");
        var outcome = reduced.Result!.Value;
        Assert.True(outcome.GetProperty("correct").GetBoolean(), outcome.GetRawText());
        Assert.Equal(1000, outcome.GetProperty("children").GetInt32());
        Assert.Single((await _api.CallAsync(client => client.GetAttemptsAsync(squares.Id)))!, a => a.Outcome == TaskAttemptOutcomes.Succeeded);

        output.WriteLine($"Kills: {string.Join(", ", kills)}; the family's join ran on {parent.Silo} after {parent.Failovers} failover(s); "
            + $"the map-reduce sum {outcome.GetProperty("sum").GetString()} is correct.");
        _cluster.DeleteStateOnDispose = true;
    }

    private static async Task<List<ChildTaskInfo>> AllChildrenAsync(SchedulerClient client, string id)
    {
        var all = new List<ChildTaskInfo>();
        await foreach (var child in client.GetAllChildrenAsync(id)) all.Add(child);
        return all;
    }

    private Task<TaskInfo> WaitForTerminalAsync(string id) =>
        Eventually.Until(async () => (await _api.CallAsync(client => client.GetAsync(id)))!, t => t.Status.IsTerminal(), $"task {id} to finish", TimeSpan.FromSeconds(90));
}
