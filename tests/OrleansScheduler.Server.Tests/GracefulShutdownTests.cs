using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.Workers;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// Silos leaving and joining on purpose (DESIGN.md §4): a graceful stop and a drain on request let running
/// tasks finish or hand them back without an attempt penalty before the silo leaves the cluster, and a silo
/// that joins mid-run takes a share of the work.
/// </summary>
public abstract class GracefulShutdownTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output)
{
    [Fact]
    public async Task a_gracefully_stopped_silo_lets_its_running_tasks_finish_and_none_fail()
    {
        var cluster = await DeployAsync(3, o => o.Capacity = 4, s => SlowCompletionsTaskStore.Decorate(s.Services, TimeSpan.FromMilliseconds(300)));
        var ids = await SubmitAsync("gated", 12);
        await WaitForStartsAsync(12);
        var leaving = cluster.Silos[0];
        string leavingId = SchedulerCluster.IdOf(leaving);
        var itsTasks = Ledger.TasksStartedOn(leavingId);
        var worker = SchedulerCluster.Service<SiloWorker>(leaving);

        var stopping = cluster.StopSiloAsync(leaving);
        await Eventually.Until(() => Task.FromResult(worker.IsDraining), draining => draining, $"{leavingId} to start draining", Patience);
        Ledger.OpenGate();
        await stopping;
        var finishedThere = await GetAllAsync(itsTasks);
        var tasks = await WaitUntilFinishedAsync(ids);
        await cluster.WaitForMembershipAsync();

        // Stored before the silo left the cluster, not merely run.
        Assert.All(finishedThere, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(1, t.Attempt));
        Assert.All(tasks, t => Assert.Equal(0, t.Failovers));
        Assert.All(tasks.Where(t => itsTasks.Contains(t.Id)), t => Assert.Equal(leavingId, t.Silo));
        Assert.All(ids, id => Assert.Single(Ledger.StartsOf(id)));
    }

    [Fact]
    public async Task a_gracefully_stopped_silo_hands_tasks_still_running_after_the_drain_timeout_back_without_an_attempt_penalty()
    {
        var cluster = await DeployAsync(3, o =>
        {
            o.Capacity = 4;
            o.DrainTimeout = TimeSpan.FromMilliseconds(200);
        });
        var ids = await SubmitAsync("gated", 12);
        await WaitForStartsAsync(12);
        var leaving = cluster.Silos[2];
        string leavingId = SchedulerCluster.IdOf(leaving);
        var itsTasks = Ledger.TasksStartedOn(leavingId);

        await cluster.StopSiloAsync(leaving);
        var handedBack = await GetAllAsync(itsTasks);
        Ledger.OpenGate();
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.All(handedBack, t => Assert.Equal(TaskState.Pending, t.Status));
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(1, t.Attempt));
        Assert.All(tasks, t => Assert.Equal(0, t.Failovers));
        Assert.All(tasks.Where(t => itsTasks.Contains(t.Id)), t => Assert.NotEqual(leavingId, t.Silo));
        Assert.Equal(itsTasks.Order(), Ledger.Cancellations.Select(r => r.TaskId).Order());
    }

    [Fact]
    public async Task a_silo_asked_to_drain_stops_claiming_finishes_its_tasks_then_leaves_the_cluster_and_stops()
    {
        // Slow completions: leaving before they are stored would show as tasks still Running below.
        var cluster = await DeployAsync(3, o => o.Capacity = 4, s => SlowCompletionsTaskStore.Decorate(s.Services, TimeSpan.FromMilliseconds(300)));
        var ids = await SubmitAsync("gated", 24);
        await WaitForStartsAsync(12);
        var draining = cluster.Silos[1];
        string drainingId = SchedulerCluster.IdOf(draining);
        var itsTasks = Ledger.TasksStartedOn(drainingId);
        var worker = SchedulerCluster.Service<SiloWorker>(draining);

        var load = await Client.GetGrain<IWorkerGrain>(drainingId).DrainAsync();
        await Eventually.Until(() => Task.FromResult(worker.IsClaiming), claiming => !claiming, $"{drainingId} to stop claiming", Patience);
        Ledger.OpenGate();
        var observer = SchedulerCluster.Service<IClusterMembershipService>(cluster.Silos[0]);
        await Eventually.Until(() => Task.FromResult(observer.CurrentSnapshot.GetSiloStatus(draining.SiloAddress)), s => s == SiloStatus.Dead,
            $"{drainingId} to leave the cluster", Patience);
        var finishedThere = await GetAllAsync(itsTasks);
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.True(load.Draining);
        Assert.Equal(4, load.Running);
        // Stored before the silo left the cluster, not merely run.
        Assert.All(finishedThere, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(1, t.Attempt));
        Assert.Equal(itsTasks, Ledger.TasksStartedOn(drainingId));
        Assert.All(tasks.Where(t => itsTasks.Contains(t.Id)), t => Assert.Equal(drainingId, t.Silo));
        Assert.Equal(2, tasks.Select(t => t.Silo).Distinct().Count(silo => silo != drainingId));
    }

    [Fact]
    public async Task a_silo_joining_mid_run_takes_a_share_of_the_work()
    {
        var cluster = await DeployAsync(2, o => o.Capacity = 4);
        var ids = await SubmitAsync("gated", 20);
        await WaitForStartsAsync(8);

        var newcomer = SchedulerCluster.IdOf(await cluster.StartAdditionalSiloAsync());
        await Eventually.Until(() => Task.FromResult(Ledger.TasksStartedOn(newcomer)), started => started.Count == 4,
            $"{newcomer} to fill its 4 slots", Patience);
        Ledger.OpenGate();
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.True(tasks.Count(t => t.Silo == newcomer) >= 4, $"{newcomer} ran {tasks.Count(t => t.Silo == newcomer)} task(s)");
        Assert.All(ids, id => Assert.Single(Ledger.StartsOf(id)));
    }
}
