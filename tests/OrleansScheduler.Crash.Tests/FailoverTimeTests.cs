using System.Diagnostics;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// How long a silo's tasks wait after it is killed with SIGKILL, in each failover profile: three silo
/// processes, long tasks running on one of them, that one killed, and the seconds until every one of its
/// tasks is Running on another silo. The figure is printed (docs/cluster.md quotes it); the test asserts
/// that the tasks do move, and that each task stays readable meanwhile, although some of their task
/// grains lived on the dead silo.
/// </summary>
public sealed class FailoverTimeTests(ITestOutputHelper output)
{
    private const int TaskCount = 4;
    private static readonly TimeSpan MoveWithin = TimeSpan.FromSeconds(60), PollEvery = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData("default", "--Scheduler:DrainTimeout=00:00:01")]
    [InlineData("fast", "--failover fast --Scheduler:DrainTimeout=00:00:01")]
    public async Task a_killed_silos_tasks_run_on_another_silo(string profile, string siloArgs)
    {
        await using var cluster = new LocalCluster();
        await cluster.StartAsync(3, Random.Shared.Next(29_000, 32_000), siloArgs, cluster.SiloBuildOf(typeof(FailoverTimeTests).Assembly));
        using var api = new ClusterApi(cluster);
        await api.RefreshAsync();

        var requests = Enumerable.Range(0, TaskCount)
            .Select(i => SubmitTaskRequest.Create("sleep", new { ms = 600_000 }) with { TimeoutMs = 3_600_000, IdempotencyKey = $"long-{i}" })
            .ToList();
        var ids = (await api.CallAsync(client => client.SubmitBatchAsync(requests))).ToHashSet();
        var running = await Eventually.Until(() => RunningAsync(api, ids), tasks => tasks.Count == TaskCount, $"all {TaskCount} tasks Running");
        string victimId = running.GroupBy(t => t.Silo!).MaxBy(g => g.Count())!.Key;
        var stranded = running.Where(t => t.Silo == victimId).Select(t => t.Id).ToHashSet();
        var silos = await api.CallAsync(client => client.ListSilosAsync());
        string victim = silos.Silos.Single(s => s.Id == victimId).Name;
        foreach (string id in ids) await api.CallAsync(client => client.GetAsync(id)); // activates the task grains, some on the victim

        var sinceKill = Stopwatch.StartNew(); // from just before the SIGKILL is sent
        await cluster.KillAsync(victim);
        await api.RefreshAsync();
        int repeatsBefore = api.Repeats;
        foreach (string id in ids)
        {
            var task = await api.CallAsync(client => client.GetAsync(id));
            Assert.Equal(id, task?.Id);
        }
        Assert.True(api.Repeats == repeatsBefore, $"Reading the tasks right after the kill took {api.Repeats - repeatsBefore} repeat(s) after 503s or no answer.");
        while (true)
        {
            var now = await RunningAsync(api, stranded);
            if (now.Count == stranded.Count && now.All(t => t.Silo != victimId)) break;
            Assert.True(sinceKill.Elapsed < MoveWithin,
                $"{victim}'s tasks were not all Running elsewhere {MoveWithin.TotalSeconds} s after the kill: {string.Join(", ", now.Select(t => $"{t.Id} on {t.Silo}"))}\n{cluster.LogTails()}");
            await Task.Delay(PollEvery); // the polling interval of this measurement, not a wait for something to happen
        }
        var moved = sinceKill.Elapsed;
        output.WriteLine($"{profile} profile: {stranded.Count} task(s) of the killed {victim} Running on other silos {moved.TotalSeconds:0.00} s after the SIGKILL.");
        cluster.DeleteStateOnDispose = true;
    }

    /// <summary>The Running tasks among <paramref name="ids"/>, read through the store's listing (no task grain, which may live on a dead silo).</summary>
    private static async Task<List<TaskInfo>> RunningAsync(ClusterApi api, IReadOnlySet<string> ids)
    {
        var page = await api.CallAsync(client => client.ListAsync(new TaskListQuery { Status = TaskState.Running, Limit = 1000 }));
        return [.. page.Tasks.Where(t => ids.Contains(t.Id))];
    }
}
