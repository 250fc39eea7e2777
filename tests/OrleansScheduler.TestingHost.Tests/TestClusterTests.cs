using OrleansScheduler.Membership;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.TestingHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>The testing host itself: deploy, restart, liveness waits and the client, as its README promises.</summary>
public abstract class TestClusterTests(Action<TestClusterBuilder> useStore, ITestOutputHelper output) : ClusterTestBase(useStore, output)
{
    [Fact]
    public async Task deploying_starts_the_initial_silos_named_silo_1_to_n_each_active_in_the_membership_table()
    {
        var cluster = await DeployAsync(3);

        Assert.Equal(["silo-1", "silo-2", "silo-3"], cluster.Silos.Select(s => s.Name));
        Assert.All(cluster.Silos, s => Assert.True(s.IsRunning));
        Assert.All(cluster.Silos, s => Assert.StartsWith(s.Name + ".", s.SiloId));
        var table = await Client.ListSilosAsync();
        Assert.Equal(cluster.Silos.Select(s => s.SiloId).Order(), table.Select(s => s.Id).Order());
        Assert.All(table, s => Assert.Equal(SiloStatus.Active, s.Status));
    }

    [Fact]
    public async Task restarting_a_silo_brings_it_back_under_the_same_name_as_a_new_incarnation()
    {
        var cluster = await DeployAsync(2);
        var old = cluster.Silos[1];
        string oldId = old.SiloId;

        var restarted = await cluster.RestartSiloAsync(old);
        await cluster.WaitForLivenessToStabilizeAsync(Patience);

        Assert.Equal(old.Name, restarted.Name);
        Assert.NotEqual(oldId, restarted.SiloId);
        Assert.False(old.IsRunning);
        Assert.True(restarted.IsRunning);
        var table = await Client.ListSilosAsync();
        Assert.DoesNotContain(table, s => s.Id == oldId);
        Assert.Contains(table, s => s.Id == restarted.SiloId && s.Status == SiloStatus.Active);
        Assert.Same(restarted, cluster.FindSilo(restarted.SiloId));
    }

    [Fact]
    public async Task liveness_is_stable_only_once_a_killed_silo_is_dead_and_failed_over()
    {
        var cluster = await DeployAsync(3);
        var victim = cluster.Silos[0];

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(Patience);

        Assert.True(victim.IsKilled);
        Assert.Equal(2, cluster.GetActiveSilos().Count);
        var entry = Assert.Single(await Client.ListSilosAsync(), s => s.Id == victim.SiloId);
        Assert.Equal(SiloStatus.Dead, entry.Status);
        Assert.True(entry.FailoverDone);
    }

    [Fact]
    public async Task waiting_for_liveness_that_has_not_settled_times_out_saying_what_it_saw()
    {
        var cluster = await DeployAsync(2, o => o.DeadAfter = TimeSpan.FromSeconds(30));
        var victim = cluster.Silos[1];

        await cluster.KillSiloAsync(victim);
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromMilliseconds(200)));

        Assert.Contains($"killed silo {victim.SiloId} should be Dead", timeout.Message);
        Assert.Contains($"{victim.SiloId} Active", timeout.Message);
    }

    [Fact]
    public async Task the_client_submits_gets_lists_and_cancels_tasks_in_the_shared_store()
    {
        await DeployAsync(1);

        string later = await Client.SubmitAsync(new TaskSubmission { Type = "quick", RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        var now = await Client.SubmitBatchAsync([new TaskSubmission { Type = "quick" }, new TaskSubmission { Type = "quick" }]);
        var canceled = await Client.CancelAsync(later);
        var finished = await WaitUntilFinishedAsync([.. now, later]);
        var page = await Client.ListAsync(new TaskQuery { Status = TaskState.Succeeded });

        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.Equal([TaskState.Succeeded, TaskState.Succeeded, TaskState.Canceled], finished.Select(t => t.Status));
        Assert.Equal(now.Order(), page.Tasks.Select(t => t.Id).Order());
        Assert.Null(await Client.GetAsync("no-such-task"));
    }
}
