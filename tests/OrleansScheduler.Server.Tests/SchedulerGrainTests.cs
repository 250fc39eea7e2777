using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// The scheduler grain (DESIGN.md §2): one activation for the cluster, kept alive by every silo's pokes, so
/// when its silo dies it runs again on a live one within seconds; and its failover backstop, which requeues
/// the Running work of owners the membership rules out. On the in-memory store only: the grain is the same on any store.
/// </summary>
public sealed class SchedulerGrainTests(ITestOutputHelper output) : ClusterTestBase(() => new InMemoryClusterStorage(Clock), output)
{
    /// <summary>The store's clock: set back for a moment to make a claim look a minute old.</summary>
    private static readonly ShiftedClock Clock = new();

    private readonly ShiftedClock _clock = Clock;

    [Fact]
    public async Task every_silo_finds_the_one_scheduler_grain_on_the_same_live_silo()
    {
        var cluster = await DeployAsync(3);

        var hosts = await Task.WhenAll(cluster.ActiveSilos.Select(s => SchedulerCluster.Service<IGrainFactory>(s).GetGrain<ISchedulerGrain>(0).GetHostAsync()));

        Assert.Single(hosts.Distinct());
        Assert.Contains(hosts[0], cluster.ActiveSilos.Select(SchedulerCluster.IdOf));
    }

    [Fact]
    public async Task when_the_scheduler_grains_silo_is_killed_it_runs_again_on_a_live_silo_and_delayed_tasks_still_fire()
    {
        var cluster = await DeployAsync(3);
        string host = await Client.GetGrain<ISchedulerGrain>(0).GetHostAsync();
        var runAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var ids = await SubmitAsync("quick", 5, runAt);

        await cluster.KillSiloAsync(cluster.FindSilo(host));
        var live = cluster.ActiveSilos.Select(SchedulerCluster.IdOf).ToList();
        string next = await Eventually.Until(async () =>
            {
                try
                {
                    return await Client.GetGrain<ISchedulerGrain>(0).GetHostAsync();
                }
                catch (OrleansException)
                {
                    return host; // its old silo's activation is being replaced
                }
            },
            h => live.Contains(h), "the scheduler grain to run on a live silo", Patience);
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.NotEqual(host, next);
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.True(t.StartedAt >= runAt.AddMilliseconds(-1), $"task {t.Id} started at {t.StartedAt:O}, before its run-at {runAt:O}"));
        Assert.All(tasks, t => Assert.Contains(t.Silo, live));
    }

    [Fact]
    public async Task the_backstop_requeues_running_tasks_whose_owner_the_membership_does_not_list_such_as_a_silo_from_before_the_move_onto_orleans()
    {
        // Tasks a silo of the previous version claimed a minute ago: its owner id was name.generation, which no Orleans silo has.
        // Long timeouts: the attempts must not simply time out before the backstop finds them.
        var ids = (await Storage.Tasks.SubmitAsync([.. Enumerable.Range(0, 3).Select(_ => new TaskSubmission { Type = "quick", Timeout = TimeSpan.FromHours(1) })])).ToList();
        _clock.Offset = TimeSpan.FromMinutes(-1);
        var claimed = await Storage.Tasks.ClaimAsync(TaskLimits.DefaultQueue, "silo-1.mwr8fwz1", 3);
        _clock.Offset = TimeSpan.Zero;
        Assert.Equal(3, claimed.Tasks.Count);

        await DeployAsync(2);
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(1, t.Failovers));
        Assert.All(tasks, t => Assert.Contains(t.Silo, Cluster.ActiveSilos.Select(SchedulerCluster.IdOf)));
        Assert.True((await Storage.Tasks.ClaimAsync(TaskLimits.DefaultQueue, "silo-1.mwr8fwz1", 1)).OwnerRequeued);
    }

    [Fact]
    public async Task the_backstop_leaves_the_work_of_live_silos_alone()
    {
        var listings = new OwnerListingCounter();
        await DeployAsync(2, o => o.Capacity = 2, s => listings.Decorate(s.Services));
        var ids = await SubmitAsync("gated", 4);
        await WaitForStartsAsync(4);
        var before = await GetAllAsync(ids);

        int seen = listings.Count;
        await Eventually.Until(() => Task.FromResult(listings.Count), n => n >= seen + 3, "three more runs of the failover backstop", Patience);

        var after = await GetAllAsync(ids);
        Assert.Equal(before.Select(t => (t.Status, t.Token, t.Silo)), after.Select(t => (t.Status, t.Token, t.Silo)));
        Assert.All(after, t => Assert.Equal(TaskState.Running, t.Status));
        Assert.Empty(Logs.Named("FailingOver"));
        Ledger.OpenGate();
        await WaitUntilFinishedAsync(ids);
    }
}
