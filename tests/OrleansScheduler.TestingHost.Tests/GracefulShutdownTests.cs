using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Membership;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.TestingHost.Tests.Infrastructure;
using OrleansScheduler.Workers;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>
/// Silos leaving and joining on purpose (DESIGN.md §5): a graceful stop and a drain on request let
/// running tasks finish or hand them back without an attempt penalty, and a silo that joins mid-run
/// takes a share of the work.
/// </summary>
public abstract class GracefulShutdownTests(Action<TestClusterBuilder> useStore, ITestOutputHelper output) : ClusterTestBase(useStore, output)
{
    [Fact]
    public async Task a_gracefully_stopped_silo_lets_its_running_tasks_finish_and_none_fail()
    {
        var cluster = await DeployAsync(3, o => o.Capacity = 4, s => SlowCompletionsTaskStore.Decorate(s, TimeSpan.FromMilliseconds(300)));
        var ids = await SubmitAsync("gated", 12);
        await WaitForStartsAsync(12);
        var leaving = cluster.Silos[0];
        string leavingId = leaving.SiloId;
        var itsTasks = Ledger.TasksStartedOn(leavingId);

        var stopping = cluster.StopSiloAsync(leaving);
        await WaitForSiloEntryAsync(leavingId, s => s?.Status != SiloStatus.Active, $"{leavingId} to stop being Active");
        Ledger.OpenGate();
        await stopping;
        var finishedThere = await GetAllAsync(itsTasks);
        var tasks = await WaitUntilFinishedAsync(ids);

        // Stored before the silo said goodbye, not merely run.
        Assert.All(finishedThere, t => Assert.Equal(TaskState.Succeeded, t.Status));

        Assert.False(leaving.IsRunning);
        Assert.Null((await Client.ListSilosAsync()).FirstOrDefault(s => s.Id == leavingId));
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
        string leavingId = leaving.SiloId;
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
    public async Task a_silo_asked_to_drain_stops_claiming_finishes_its_tasks_and_leaves_the_membership_table()
    {
        // Slow completions: leaving before they are stored would show as tasks still Running below.
        var cluster = await DeployAsync(3, o => o.Capacity = 4, s => SlowCompletionsTaskStore.Decorate(s, TimeSpan.FromMilliseconds(300)));
        var ids = await SubmitAsync("gated", 24);
        await WaitForStartsAsync(12);
        var draining = cluster.Silos[1];
        string drainingId = draining.SiloId;
        var itsTasks = Ledger.TasksStartedOn(drainingId);

        Assert.True(await Client.ClusterStore.RequestDrainAsync(drainingId));
        await WaitForSiloEntryAsync(drainingId, s => s?.Status == SiloStatus.ShuttingDown, $"{drainingId} to be ShuttingDown");
        var worker = draining.Services.GetRequiredService<SiloWorker>();
        await Eventually.Until(() => Task.FromResult(worker.IsClaiming), claiming => !claiming, $"{drainingId} to stop claiming", Patience);
        Ledger.OpenGate();
        await WaitForSiloEntryAsync(drainingId, s => s is null, $"{drainingId} to leave the membership table");
        var finishedThere = await GetAllAsync(itsTasks);
        var tasks = await WaitUntilFinishedAsync(ids);

        // Stored before the silo left the table, not merely run.
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

        var newcomer = await cluster.StartAdditionalSiloAsync();
        await Eventually.Until(() => Task.FromResult(Ledger.TasksStartedOn(newcomer.SiloId)), started => started.Count == 4,
            $"{newcomer.SiloId} to fill its 4 slots", Patience);
        Ledger.OpenGate();
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.Equal("silo-3", newcomer.Name);
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.True(tasks.Count(t => t.Silo == newcomer.SiloId) >= 4, $"{newcomer.SiloId} ran {tasks.Count(t => t.Silo == newcomer.SiloId)} task(s)");
        Assert.All(ids, id => Assert.Single(Ledger.StartsOf(id)));
    }
}
