using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.TestingHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>
/// Crashes (DESIGN.md §5, §10): silos killed with no goodbye, a silo that learns it was declared
/// dead, and a task that kills every silo it lands on. Every task ends in exactly one terminal
/// state, a dead silo's tasks run elsewhere, and late outcomes of the old attempts are rejected.
/// </summary>
public abstract class SiloFailoverTests(Action<TestClusterBuilder> useStore, ITestOutputHelper output) : ClusterTestBase(useStore, output)
{
    [Fact]
    public async Task killing_one_of_three_silos_while_it_runs_tasks_reruns_its_tasks_elsewhere_and_each_task_succeeds_once()
    {
        var cluster = await DeployAsync(3, o => o.Capacity = 4);
        var ids = await SubmitAsync("gated", 24);
        await WaitForStartsAsync(12);
        var victim = cluster.Silos[1];
        string victimId = victim.SiloId;
        var victimTasks = await GetAllAsync(Ledger.TasksStartedOn(victimId));
        Assert.Equal(4, victimTasks.Count);

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(Patience);
        Ledger.OpenGate();
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(1, t.Attempt));
        foreach (var before in victimTasks)
        {
            var after = tasks.Single(t => t.Id == before.Id);
            Assert.NotEqual(victimId, after.Silo);
            Assert.Equal(after.Silo, ResultOf(after).Silo);
            Assert.Equal(1, after.Failovers);
            // The zombie on the killed silo finished too, and the store turned its completion away.
            await WaitForRejectedOutcomeAsync(before.Id, before.Token);
        }
        var survivorRuns = Ledger.Starts.Where(r => r.SiloId != victimId).GroupBy(r => r.TaskId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(ids, id => Assert.Equal(1, survivorRuns.GetValueOrDefault(id)));
    }

    [Fact]
    public async Task killing_two_of_three_silos_leaves_the_survivor_to_finish_every_task()
    {
        var cluster = await DeployAsync(3, o => o.Capacity = 4);
        var ids = await SubmitAsync("gated", 20);
        await WaitForStartsAsync(12);
        var survivor = cluster.Silos[1];
        var killed = new[] { cluster.Silos[0], cluster.Silos[2] };
        var killedTasks = killed.SelectMany(s => Ledger.TasksStartedOn(s.SiloId)).ToList();

        foreach (var silo in killed) await cluster.KillSiloAsync(silo);
        await cluster.WaitForLivenessToStabilizeAsync(Patience);
        Ledger.OpenGate();
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(survivor.SiloId, t.Silo));
        Assert.All(tasks, t => Assert.Equal(survivor.SiloId, ResultOf(t).Silo));
        Assert.Equal(8, killedTasks.Count);
        Assert.All(tasks.Where(t => killedTasks.Contains(t.Id)), t => Assert.Equal(1, t.Failovers));
    }

    [Fact]
    public async Task a_zombie_handler_that_finishes_after_its_silo_was_failed_over_cannot_complete_the_task()
    {
        var cluster = await DeployAsync(3);
        string id = await Client.SubmitAsync(new TaskSubmission { Type = "gated" });
        var first = (await WaitForStartsAsync(1))[0];
        var zombieAttempt = await GetAsync(id);
        var victim = cluster.FindSilo(first.SiloId)!;

        await cluster.KillSiloAsync(victim);
        var replacement = await Eventually.Until(() => GetAsync(id),
            t => t is { Status: TaskState.Running, Failovers: 1 } && t.Silo != first.SiloId && Ledger.StartsOf(id).Count == 2,
            "the task to run again on a live silo", Patience);
        Ledger.OpenGate();
        var done = (await WaitUntilFinishedAsync([id]))[0];
        await WaitForRejectedOutcomeAsync(id, zombieAttempt.Token);

        Assert.Equal(TaskState.Succeeded, done.Status);
        Assert.Equal(replacement.Silo, done.Silo);
        Assert.Equal(new RunResult(replacement.Silo!, 1), ResultOf(done));
        Assert.Contains(Ledger.Returns, r => r.TaskId == id && r.SiloId == first.SiloId);
        Assert.Equal(replacement.Token, done.Token);
    }

    [Fact]
    public async Task a_silo_that_learns_it_was_declared_dead_abandons_its_attempts_and_rejoins_as_a_new_incarnation()
    {
        var cluster = await DeployAsync(3);
        string id = await Client.SubmitAsync(new TaskSubmission { Type = "stubborn" });
        var first = (await WaitForStartsAsync(1))[0];
        var oldAttempt = await GetAsync(id);
        var silo = cluster.FindSilo(first.SiloId)!;

        // A pause longer than DeadAfter, as the others see it: the silo is declared dead while it keeps running.
        await Eventually.Until(() => Client.ClusterStore.DeclareDeadAsync(first.SiloId, TimeSpan.Zero), declared => declared,
            $"{first.SiloId} to be declared dead", Patience);
        await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == id),
            "the abandoned attempt's handler to see its token fire", Patience);
        // Requeued by the failover, or handed back by the silo itself if it noticed first; either way not on the dead incarnation.
        var replacement = await Eventually.Until(() => GetAsync(id),
            t => t.Status == TaskState.Running && t.Silo != first.SiloId && Ledger.StartsOf(id).Any(r => r.SiloId == t.Silo),
            "the task to run again under another incarnation", Patience);
        Ledger.OpenGate();
        var done = (await WaitUntilFinishedAsync([id]))[0];
        await WaitForRejectedOutcomeAsync(id, oldAttempt.Token);
        await Eventually.Until(() => Task.FromResult(silo.SiloId), current => current != first.SiloId,
            $"{silo.Name} to rejoin under a new incarnation", Patience);
        await cluster.WaitForLivenessToStabilizeAsync(Patience);

        Assert.True(silo.IsRunning);
        Assert.StartsWith(silo.Name + ".", silo.SiloId);
        var table = await Client.ListSilosAsync();
        Assert.Equal(Membership.SiloStatus.Dead, table.Single(s => s.Id == first.SiloId).Status);
        Assert.Equal(Membership.SiloStatus.Active, table.Single(s => s.Id == silo.SiloId).Status);
        Assert.Equal(TaskState.Succeeded, done.Status);
        Assert.Equal(replacement.Silo, ResultOf(done).Silo);
        Assert.Equal(1, done.Attempt);
        Assert.InRange(done.Failovers, 0, 1);
        Assert.Contains(Ledger.Returns, r => r.TaskId == id && r.SiloId == first.SiloId);
        Assert.Equal(done, await GetAsync(id));
    }

    [Fact]
    public async Task a_silo_declared_dead_hands_back_what_it_claimed_before_it_noticed_and_runs_it_again_as_its_new_incarnation()
    {
        // Heartbeats a second apart leave the silo a while to claim under its dead incarnation before it notices.
        var cluster = await DeployAsync(1, o =>
        {
            o.HeartbeatInterval = TimeSpan.FromSeconds(1);
            o.DeadAfter = TimeSpan.FromSeconds(3);
        });
        var silo = cluster.Silos[0];
        string oldId = silo.SiloId;
        string id = await Client.SubmitAsync(new TaskSubmission { Type = "gated" });
        await WaitForStartsAsync(1);

        await Eventually.Until(() => Client.ClusterStore.DeclareDeadAsync(oldId, TimeSpan.Zero), declared => declared,
            $"{oldId} to be declared dead", Patience);
        await Client.TaskStore.RequeueSiloTasksAsync(TaskLimits.DefaultQueue, oldId, maxFailovers: 3);
        await Client.ClusterStore.MarkFailoverDoneAsync(oldId);
        // The silo claims the requeued task again at once, still as oldId; only its next heartbeat tells it.
        var rerun = await Eventually.Until(() => GetAsync(id),
            t => t.Status == TaskState.Running && t.Silo != oldId && Ledger.StartsOf(id).Any(r => r.SiloId == t.Silo),
            "the task to run under the silo's new incarnation", Patience);
        Ledger.OpenGate();
        var done = (await WaitUntilFinishedAsync([id]))[0];

        Assert.Equal(silo.SiloId, rerun.Silo);
        Assert.NotEqual(oldId, silo.SiloId);
        Assert.Equal(TaskState.Succeeded, done.Status);
        Assert.Equal(silo.SiloId, ResultOf(done).Silo);
        Assert.Equal(1, done.Attempt);
    }

    [Fact]
    public async Task a_task_that_crashes_every_silo_it_lands_on_ends_failed_as_poison_while_the_other_tasks_complete()
    {
        const int maxFailovers = 2;
        var cluster = await DeployAsync(3, o => o.MaxFailovers = maxFailovers);
        string poison = await Client.SubmitAsync(new TaskSubmission { Type = "crash" });
        var others = await SubmitAsync("quick", 20);

        var done = (await WaitUntilFinishedAsync([poison]))[0];
        var rest = await WaitUntilFinishedAsync(others);

        Assert.Equal(TaskState.Failed, done.Status);
        Assert.Contains("poison", done.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(maxFailovers + 1, done.Failovers);
        var runs = Ledger.StartsOf(poison);
        Assert.Equal(maxFailovers + 1, runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.SiloId).Distinct().Count());
        Assert.All(runs, r => Assert.True(cluster.FindSilo(r.SiloId)!.IsKilled, $"{r.SiloId} should have been killed"));
        Assert.All(rest, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.Equal(3, cluster.GetActiveSilos().Count);
    }
}
