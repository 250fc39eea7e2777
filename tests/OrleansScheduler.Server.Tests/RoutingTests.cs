using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Server.Routing;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// Routing on a cluster (DESIGN.md §7): the strategies that name a silo at submit, the filters a silo applies
/// when it claims, and what happens to routed tasks when their silo dies. Every silo carries the label
/// <c>name=&lt;its silo name&gt;</c>, so a test can require one silo by label.
/// </summary>
public abstract class RoutingTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output)
{
    private const string Queue = TaskLimits.DefaultQueue;

    private async Task<SchedulerCluster> DeployRoutedAsync(int silos, Action<SchedulerOptions>? configure = null)
    {
        var cluster = await DeployAsync(silos, configure, b =>
        {
            b.AddHandler<HoldHandler>("hold").AddHandler<RoutedSpawnHandler>("spawn-routed");
            b.Services.AddOptions<SchedulerOptions>().Configure<ILocalSiloDetails>((o, details) => o.Labels["name"] = details.Name);
        });
        await WaitForLoadsAsync(cluster);
        return cluster;
    }

    /// <summary>Waits until every running silo's snapshot has every running silo as a candidate for the queue (their loads arrived).</summary>
    private static async Task WaitForLoadsAsync(SchedulerCluster cluster)
    {
        await cluster.WaitForMembershipAsync();
        int running = cluster.ActiveSilos.Count;
        foreach (var silo in cluster.ActiveSilos)
        {
            var board = SchedulerCluster.Service<SiloLoadBoard>(silo);
            await Eventually.Until(() => Task.FromResult(board.Snapshot().Candidates(Queue, TaskRouting.Default)),
                candidates => candidates.Count == running, $"silo {silo.Name} to know the loads of all {running} running silos", Patience);
        }
    }

    private static TaskSubmission Hold(TaskRouting routing, int ms = 0) =>
        new() { Type = "hold", Payload = $"{{\"ms\":{ms}}}", Routing = routing };

    private async Task<IReadOnlyList<string>> SubmitBatchAsync(IEnumerable<TaskSubmission> tasks)
    {
        var ids = new List<string>();
        foreach (var chunk in tasks.Chunk(100)) ids.AddRange((await Client.GetGrain<ISubmitterGrain>(0).SubmitBatchAsync(chunk)).Ids);
        return ids;
    }

    private static string NameOf(Orleans.TestingHost.InProcessSiloHandle silo) => SchedulerCluster.Service<LocalSilo>(silo).Name;

    private static HoldHandler.Held Held(TaskRecord task) =>
        JsonSerializer.Deserialize<HoldHandler.Held>(task.Result ?? throw new InvalidOperationException($"Task {task.Id} has no result ({task.Status}: {task.Error})."),
            JsonSerializerOptions.Web)!;

    [Fact]
    public async Task consistent_hashing_keeps_each_keys_tasks_on_one_silo_and_moves_only_a_dead_silos_keys()
    {
        var cluster = await DeployRoutedAsync(3);
        string[] keys = [.. Enumerable.Range(0, 50).Select(k => $"customer-{k}")];
        TaskSubmission ByKey(int i) => Hold(new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = keys[i % keys.Length] });

        var first = await WaitUntilFinishedAsync(await SubmitBatchAsync(Enumerable.Range(0, 1000).Select(ByKey)));
        var before = OwnersByKey(first);
        Assert.All(before, owners => Assert.Single(owners.Value));
        var victimId = before.GroupBy(o => o.Value.Single()).OrderByDescending(g => g.Count()).First().Key;
        Assert.True(before.Values.Select(o => o.Single()).Distinct().Count() == 3, "the 50 keys did not spread over all three silos");

        await cluster.KillSiloAsync(cluster.FindSilo(victimId));
        await WaitForFailoverAsync(cluster.FindSilo(victimId));
        await WaitForLoadsAsync(cluster);
        var second = await WaitUntilFinishedAsync(await SubmitBatchAsync(Enumerable.Range(0, 1000).Select(ByKey)));
        var after = OwnersByKey(second);

        Assert.All(second, t => Assert.Equal(TaskState.Succeeded, t.Status));
        foreach (string key in keys)
        {
            string owner = Assert.Single(after[key]);
            if (before[key].Single() == victimId) Assert.NotEqual(victimId, owner);
            else Assert.Equal(before[key].Single(), owner); // only the dead silo's keys move
        }
    }

    [Fact]
    public async Task tasks_waiting_for_a_silo_that_dies_run_on_their_keys_new_owner()
    {
        var cluster = await DeployRoutedAsync(3, o => o.Capacity = 2);
        var boards = SchedulerCluster.Service<SiloLoadBoard>(cluster.ActiveSilos[0]);
        var victim = cluster.ActiveSilos[1];
        string key = Enumerable.Range(0, 1000).Select(k => $"k{k}")
            .First(k => OrleansScheduler.Routing.RendezvousHash.Owner(k, boards.Snapshot().Candidates(Queue, TaskRouting.Default))!.Id == SchedulerCluster.IdOf(victim));
        var routing = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = key };
        var ids = await SubmitBatchAsync(Enumerable.Range(0, 6).Select(_ => new TaskSubmission { Type = "gated", Routing = routing }));
        await WaitForStartsAsync(2); // two run on the victim, four wait in its ready set
        Assert.All(Ledger.Starts, s => Assert.Equal(SchedulerCluster.IdOf(victim), s.SiloId));

        await cluster.KillSiloAsync(victim);
        await WaitForFailoverAsync(victim);
        Ledger.OpenGate();
        var done = await WaitUntilFinishedAsync(ids);

        Assert.All(done, t => Assert.Equal(TaskState.Succeeded, t.Status));
        var survivors = done.Select(t => t.Silo!).Distinct().ToList();
        string newOwner = Assert.Single(survivors);
        Assert.NotEqual(SchedulerCluster.IdOf(victim), newOwner);
    }

    [Fact]
    public async Task a_silo_that_joins_takes_the_waiting_tasks_of_the_keys_that_now_hash_to_it()
    {
        var cluster = await DeployRoutedAsync(2, o => o.Capacity = 1);
        foreach (var silo in cluster.ActiveSilos)
            await SubmitAsync(new TaskSubmission { Type = "gated", Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = SchedulerCluster.IdOf(silo) } });
        await WaitForStartsAsync(2); // both silos are full: what follows waits in their ready sets
        string[] keys = [.. Enumerable.Range(0, 20).Select(k => $"order-{k}")];
        var ids = await SubmitBatchAsync(Enumerable.Range(0, 60).Select(i => Hold(new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = keys[i % keys.Length] })));

        var joined = await cluster.StartAdditionalSiloAsync();
        await WaitForLoadsAsync(cluster);
        var candidates = SchedulerCluster.Service<SiloLoadBoard>(joined).Snapshot().Candidates(Queue, TaskRouting.Default);
        var owners = keys.ToDictionary(k => k, k => OrleansScheduler.Routing.RendezvousHash.Owner(k, candidates)!.Id);
        Assert.Contains(SchedulerCluster.IdOf(joined), owners.Values);
        await Eventually.Until(() => GetAllAsync(ids), tasks => tasks.All(t => t.Status != TaskState.Pending || t.RoutedTo == owners[t.Routing!.Key!]),
            "the waiting tasks of the keys the new silo owns to move to it", Patience);
        Ledger.OpenGate();
        var done = await WaitUntilFinishedAsync(ids);

        foreach (var (key, silos) in OwnersByKey(done)) Assert.Equal(owners[key], Assert.Single(silos));
    }

    [Fact]
    public async Task a_task_whose_silo_stays_full_past_its_reassign_time_runs_on_another_silo()
    {
        var cluster = await DeployRoutedAsync(2, o => o.Capacity = 1);
        var full = cluster.ActiveSilos[0];
        var other = cluster.ActiveSilos[1];
        await SubmitAsync(new TaskSubmission { Type = "gated", Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = SchedulerCluster.IdOf(full) } });
        await WaitForStartsAsync(1);
        var board = SchedulerCluster.Service<SiloLoadBoard>(full);
        string key = Enumerable.Range(0, 1000).Select(k => $"k{k}")
            .First(k => OrleansScheduler.Routing.RendezvousHash.Owner(k, board.Snapshot().Candidates(Queue, TaskRouting.Default))!.Id == SchedulerCluster.IdOf(full));

        string id = await SubmitAsync(Hold(new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = key, ReassignAfterMs = 300 }));
        var task = (await WaitUntilFinishedAsync([id]))[0];

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal(SchedulerCluster.IdOf(other), task.Silo);
        Assert.Equal(SchedulerCluster.IdOf(other), task.RoutedTo);
    }

    [Fact]
    public async Task children_a_handler_spawns_with_a_routing_are_placed_like_any_submission()
    {
        await DeployRoutedAsync(3);
        string id = await SubmitAsync(new TaskSubmission { Type = "spawn-routed" });

        var parent = (await WaitUntilFinishedAsync([id]))[0];

        Assert.Equal(TaskState.Succeeded, parent.Status);
        var children = await GetAllAsync(Enumerable.Range(0, 9).Select(i => $"{id}.{i}"));
        Assert.All(children, c => Assert.Equal(c.RoutedTo, c.Silo));
        Assert.All(OwnersByKey(children), owners => Assert.Single(owners.Value));
    }

    [Fact]
    public async Task least_loaded_tasks_go_to_the_silo_with_clearly_more_free_slots()
    {
        // A long window: the busy silo leaves the tasks to the idle one for as long as a slow machine may need.
        var cluster = await DeployRoutedAsync(2, o =>
        {
            o.Capacity = 10;
            o.LoadDeferWindow = TimeSpan.FromSeconds(5);
        });
        var busy = cluster.ActiveSilos[0];
        var idle = cluster.ActiveSilos[1];
        await SubmitBatchAsync(Enumerable.Range(0, 8).Select(_ => new TaskSubmission { Type = "gated", Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = SchedulerCluster.IdOf(busy) } }));
        await WaitForStartsAsync(8);
        var board = SchedulerCluster.Service<SiloLoadBoard>(busy);
        await Eventually.Until(() => Task.FromResult(board.Snapshot().Find(SchedulerCluster.IdOf(busy))!.FreeSlots), free => free == 2,
            "the busy silo to count its 8 running tasks", Patience);

        // Three rounds: without the deferral the busy silo, woken with the idle one, would take some in most of them.
        var tasks = new List<TaskRecord>();
        for (int round = 0; round < 3; round++)
        {
            // what the busy silo knows of the idle one: its pushed load, back to all free after the last round
            await Eventually.Until(() => Task.FromResult(board.Snapshot().Find(SchedulerCluster.IdOf(idle))!.FreeSlots), free => free == 10,
                "the busy silo to hear that the idle silo is free again", Patience);
            tasks.AddRange(await WaitUntilFinishedAsync(await SubmitBatchAsync(Enumerable.Range(0, 10).Select(_ => Hold(new TaskRouting { Strategy = RoutingStrategy.LeastLoaded }, ms: 20)))));
        }

        Assert.All(tasks, t => Assert.Equal(SchedulerCluster.IdOf(idle), t.Silo));
    }

    [Fact]
    public async Task round_robin_gives_each_of_three_silos_a_third_of_300_tasks()
    {
        await DeployRoutedAsync(3);
        var tasks = await WaitUntilFinishedAsync(await SubmitBatchAsync(Enumerable.Range(0, 300).Select(_ => Hold(new TaskRouting { Strategy = RoutingStrategy.RoundRobin }))));

        var perSilo = tasks.GroupBy(t => t.Silo).Select(g => g.Count()).ToList();
        Assert.Equal(3, perSilo.Count);
        Assert.All(perSilo, n => Assert.InRange(n, 99, 101));
    }

    [Fact]
    public async Task broadcast_runs_one_copy_on_each_active_silo_as_children_of_one_parent()
    {
        var cluster = await DeployRoutedAsync(3);
        string id = await SubmitAsync(Hold(new TaskRouting { Strategy = RoutingStrategy.Broadcast }));

        var parent = (await WaitUntilFinishedAsync([id]))[0];

        Assert.Equal(TaskState.Succeeded, parent.Status);
        Assert.Equal(3, parent.ChildCount);
        var children = await GetAllAsync(Enumerable.Range(0, 3).Select(i => $"{id}.{i}"));
        Assert.Equal(cluster.ActiveSilos.Select(SchedulerCluster.IdOf).Order(), children.Select(c => Held(c).Silo).Order());
        Assert.Equal(3, Ledger.Starts.Count(s => s.TaskId.StartsWith(id + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task sharding_runs_every_shard_index_exactly_once_spread_over_the_silos()
    {
        await DeployRoutedAsync(3);
        string id = await SubmitAsync(Hold(new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 7 }));

        var parent = (await WaitUntilFinishedAsync([id]))[0];

        Assert.Equal(TaskState.Succeeded, parent.Status);
        var shards = (await GetAllAsync(Enumerable.Range(0, 7).Select(i => $"{id}.{i}"))).Select(Held).ToList();
        Assert.Equal(Enumerable.Range(0, 7), shards.Select(s => s.ShardIndex!.Value).Order());
        Assert.All(shards, s => Assert.Equal(7, s.ShardTotal));
        Assert.Equal(3, shards.Select(s => s.Silo).Distinct().Count());
    }

    [Fact]
    public async Task labels_keep_tasks_on_the_silos_that_carry_them_and_a_task_no_silo_fits_waits_saying_why()
    {
        var cluster = await DeployRoutedAsync(3);
        var chosen = cluster.ActiveSilos[2];
        var labels = new Dictionary<string, string> { ["name"] = NameOf(chosen) };
        var ran = await WaitUntilFinishedAsync(await SubmitBatchAsync(Enumerable.Range(0, 30).Select(_ => Hold(new TaskRouting { Labels = labels }))));
        string unfit = await SubmitAsync(Hold(new TaskRouting { Labels = new Dictionary<string, string> { ["name"] = NameOf(chosen), ["gpu"] = "true" } }));

        Assert.All(ran, t => Assert.Equal(SchedulerCluster.IdOf(chosen), t.Silo));
        var info = await Eventually.Until(() => Client.GetGrain<ICatalogGrain>(0).GetTaskAsync(unfit), t => t?.WaitingFor is not null, "the unfit task to say why it waits", Patience);
        Assert.Equal(TaskState.Pending, info!.Status);
        Assert.Contains("gpu=true", info.WaitingFor);
        Assert.DoesNotContain(Ledger.Starts, s => s.TaskId == unfit);
    }

    [Fact]
    public async Task a_pinned_task_runs_on_its_silo_and_one_pinned_to_no_active_silo_fails_after_the_wait()
    {
        var cluster = await DeployRoutedAsync(3, o => o.PinnedWait = TimeSpan.FromSeconds(1));
        var target = cluster.ActiveSilos[1];
        var byName = await WaitUntilFinishedAsync(await SubmitBatchAsync(Enumerable.Range(0, 10).Select(_ => Hold(new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = NameOf(target) }))));
        var byAddress = await WaitUntilFinishedAsync([await SubmitAsync(Hold(new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = SchedulerCluster.IdOf(target) }))]);
        string lost = await SubmitAsync(Hold(new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "no-such-silo" }));

        Assert.All(byName.Concat(byAddress), t => Assert.Equal(SchedulerCluster.IdOf(target), t.Silo));
        var waiting = await GetAsync(lost);
        Assert.Equal(TaskRouting.NoSilo, waiting.RoutedTo);
        var failed = (await WaitUntilFinishedAsync([lost]))[0];
        Assert.Equal(TaskState.Failed, failed.Status);
        Assert.Contains("no-such-silo", failed.Error);
        Assert.DoesNotContain(Ledger.Starts, s => s.TaskId == lost);
    }

    [Fact]
    public async Task a_costly_task_never_starts_where_fewer_slots_are_free_than_it_costs()
    {
        await DeployRoutedAsync(3, o => o.Capacity = 6);
        // cheap and costly tasks interleaved: every fourth is a cost-4 one
        var mixed = Enumerable.Range(0, 60).Select(i => i % 4 == 0
            ? Hold(new TaskRouting { Cost = 4, Strategy = RoutingStrategy.FirstFit }, ms: 20)
            : Hold(new TaskRouting(), ms: 20));
        var tasks = await WaitUntilFinishedAsync(await SubmitBatchAsync(mixed));

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        var cost = tasks.ToDictionary(t => t.Id, t => t.Routing?.Cost ?? 1);
        var starts = Ledger.Starts.ToDictionary(r => r.TaskId);
        var ends = Ledger.Returns.ToDictionary(r => r.TaskId);
        foreach (var start in starts.Values)
        {
            // Everything running on that silo when this task started, itself included, fits its capacity.
            int used = starts.Values.Where(o => o.SiloId == start.SiloId && o.At <= start.At && ends[o.TaskId].At > start.At).Sum(o => cost[o.TaskId]);
            Assert.True(used <= 6, $"task {start.TaskId} (cost {cost[start.TaskId]}) started on {start.SiloId} with {used} slots in use there");
        }
    }

    [Fact]
    public async Task max_concurrent_one_runs_a_keys_tasks_one_at_a_time_in_submit_order()
    {
        await DeployRoutedAsync(3);
        var routing = new TaskRouting { ConcurrencyKey = "account-7", MaxConcurrent = 1 };
        var keyed = await SubmitBatchAsync(Enumerable.Range(0, 12).Select(_ => Hold(routing, ms: 30)));
        var others = await SubmitBatchAsync(Enumerable.Range(0, 30).Select(_ => Hold(new TaskRouting(), ms: 30)));
        await WaitUntilFinishedAsync([.. keyed, .. others]);

        var starts = keyed.Select(id => Ledger.StartsOf(id).Single()).ToList();
        var ends = keyed.Select(id => Ledger.Returns.Single(r => r.TaskId == id)).ToList();
        for (int i = 1; i < keyed.Count; i++)
        {
            Assert.True(starts[i].At >= ends[i - 1].At, $"task {i} of the key started at {starts[i].At:O}, before task {i - 1} returned at {ends[i - 1].At:O}");
        }
    }

    private static Dictionary<string, HashSet<string>> OwnersByKey(IReadOnlyList<TaskRecord> tasks) =>
        tasks.GroupBy(t => t.Routing!.Key!).ToDictionary(g => g.Key, g => g.Select(t => t.Silo!).ToHashSet());
}
