using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.TestingHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>The scheduler role (DESIGN.md §7): one holder among the live silos, handed on when it stops and taken over when it dies.</summary>
public abstract class SchedulerRoleTests(Action<TestClusterBuilder> useStore, ITestOutputHelper output) : ClusterTestBase(useStore, output)
{
    [Fact]
    public async Task exactly_one_of_three_live_silos_holds_the_scheduler_role()
    {
        var cluster = await DeployAsync(3);

        string holder = await WaitForHolderAsync(h => h is not null);
        var holders = await Eventually.Until(() => Task.FromResult(HoldersBySilo(cluster)), h => h.Count == 1,
            "exactly one silo to consider itself the holder", Patience);

        Assert.Equal([holder], holders);
        Assert.Contains(holder, cluster.GetActiveSilos().Select(s => s.SiloId));
    }

    [Fact]
    public async Task a_gracefully_stopped_role_holder_hands_the_role_on_long_before_its_lease_would_expire()
    {
        var leaseTime = TimeSpan.FromSeconds(10);
        var cluster = await DeployAsync(3, o => o.RoleLeaseTime = leaseTime);
        string holder = await WaitForHolderAsync(h => h is not null);

        var watch = Stopwatch.StartNew();
        await cluster.StopSiloAsync(cluster.FindSilo(holder)!);
        string next = await WaitForHolderAsync(h => h is not null && h != holder);

        Assert.True(watch.Elapsed < leaseTime / 4, $"the role took {watch.Elapsed.TotalMilliseconds:0} ms to move; the lease is {leaseTime.TotalSeconds} s");
        Assert.Contains(next, cluster.GetActiveSilos().Select(s => s.SiloId));
    }

    [Fact]
    public async Task when_the_role_holder_is_killed_the_role_moves_to_a_live_silo_and_delayed_tasks_still_fire()
    {
        var cluster = await DeployAsync(3);
        string holder = await WaitForHolderAsync(h => h is not null);
        var runAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var ids = await SubmitAsync("quick", 5, runAt);

        await cluster.KillSiloAsync(cluster.FindSilo(holder)!);
        var live = cluster.GetActiveSilos().Select(s => s.SiloId).ToList();
        string next = await WaitForHolderAsync(h => h is not null && live.Contains(h));
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.NotEqual(holder, next);
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.True(t.StartedAt >= runAt.AddMilliseconds(-1), $"task {t.Id} started at {t.StartedAt:O}, before its run-at {runAt:O}"));
        Assert.All(tasks, t => Assert.Contains(t.Silo, live));
    }

    private Task<string> WaitForHolderAsync(Func<string?, bool> done) =>
        Eventually.Until(() => Client.GetSchedulerRoleHolderAsync(), done, "the scheduler role holder", Patience)!;

    private static List<string> HoldersBySilo(TestCluster cluster) =>
        [.. cluster.GetActiveSilos().Where(s => s.Services.GetRequiredService<SchedulerRole>().IsHolder).Select(s => s.SiloId)];
}
