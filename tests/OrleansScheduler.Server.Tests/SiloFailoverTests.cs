using OrleansScheduler.Failover;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.Workers;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// Crashes (DESIGN.md §4, §10): silos killed with no goodbye, a silo whose work was requeued while it still
/// ran (declared dead while paused), and a task that kills every silo it lands on. Every task ends in
/// exactly one terminal state, a dead silo's tasks run elsewhere, and late outcomes of the old attempts are
/// rejected by their fencing tokens.
/// </summary>
public abstract class SiloFailoverTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output)
{
    [Fact]
    public async Task killing_one_of_three_silos_while_it_runs_tasks_reruns_its_tasks_elsewhere_and_each_task_succeeds_once()
    {
        var cluster = await DeployAsync(3, o => o.Capacity = 4);
        var ids = await SubmitAsync("gated", 24);
        await WaitForStartsAsync(12);
        var victim = cluster.Silos[1];
        string victimId = SchedulerCluster.IdOf(victim);
        var victimTasks = await GetAllAsync(Ledger.TasksStartedOn(victimId));
        Assert.Equal(4, victimTasks.Count);

        await cluster.KillSiloAsync(victim);
        await WaitForFailoverAsync(victim);
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
        var survivor = SchedulerCluster.IdOf(cluster.Silos[1]);
        var killed = new[] { cluster.Silos[0], cluster.Silos[2] };
        var killedTasks = killed.SelectMany(s => Ledger.TasksStartedOn(SchedulerCluster.IdOf(s))).ToList();

        foreach (var silo in killed) await cluster.KillSiloAsync(silo);
        await WaitForFailoverAsync(killed);
        Ledger.OpenGate();
        var tasks = await WaitUntilFinishedAsync(ids);

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(tasks, t => Assert.Equal(survivor, t.Silo));
        Assert.All(tasks, t => Assert.Equal(survivor, ResultOf(t).Silo));
        Assert.Equal(8, killedTasks.Count);
        Assert.All(tasks.Where(t => killedTasks.Contains(t.Id)), t => Assert.Equal(1, t.Failovers));
    }

    [Fact]
    public async Task a_zombie_handler_that_finishes_after_its_silo_was_failed_over_cannot_complete_the_task()
    {
        var cluster = await DeployAsync(3);
        string id = await SubmitAsync(new TaskSubmission { Type = "gated" });
        var first = (await WaitForStartsAsync(1))[0];
        var zombieAttempt = await GetAsync(id);

        await cluster.KillSiloAsync(cluster.FindSilo(first.SiloId));
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
    public async Task a_silo_whose_work_was_requeued_while_it_ran_gives_its_attempts_up_and_claims_nothing_more()
    {
        // What the others do when they declare a paused silo dead: its work is requeued while it still runs.
        var cluster = await DeployAsync(3);
        string id = await SubmitAsync(new TaskSubmission { Type = "stubborn" });
        var first = (await WaitForStartsAsync(1))[0];
        var oldAttempt = await GetAsync(id);
        var silo = cluster.FindSilo(first.SiloId);
        var failover = SchedulerCluster.Service<SiloFailover>(cluster.ActiveSilos.First(s => s != silo));

        await failover.RequeueAsync(first.SiloId, "declared dead by the test");
        var replacement = await Eventually.Until(() => GetAsync(id),
            t => t.Status == TaskState.Running && t.Silo != first.SiloId && Ledger.StartsOf(id).Any(r => r.SiloId == t.Silo),
            "the task to run again on another silo", Patience);
        // Its next claim is refused: it learns it was declared dead and gives up what it runs.
        await SubmitAsync("quick", 6);
        var worker = SchedulerCluster.Service<SiloWorker>(silo);
        await Eventually.Until(() => Task.FromResult(worker.WasRequeued), requeued => requeued, $"{first.SiloId} to have a claim refused", Patience);
        await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == id && r.SiloId == first.SiloId),
            "the given-up attempt's handler to see its token fire", Patience);
        Ledger.OpenGate();
        var done = (await WaitUntilFinishedAsync([id]))[0];
        await WaitForRejectedOutcomeAsync(id, oldAttempt.Token);

        Assert.False(worker.IsClaiming);
        Assert.Equal(TaskState.Succeeded, done.Status);
        Assert.Equal(replacement.Silo, ResultOf(done).Silo);
        Assert.Equal(1, done.Attempt);
        Assert.Equal(1, done.Failovers);
        Assert.DoesNotContain(Ledger.Starts, r => r.SiloId == first.SiloId && r.TaskId != id);
    }

    [Fact]
    public async Task a_refused_silo_hands_back_what_it_claimed_in_queues_the_failover_had_not_reached_and_it_runs_elsewhere()
    {
        var cluster = await DeployAsync(1, o => o.Queues = ["a", "b"]);
        string silo = SchedulerCluster.IdOf(cluster.Silos[0]);
        await WaitUntilFinishedAsync([await SubmitAsync(new TaskSubmission { Type = "quick", Queue = "a" })]);
        string inB = await SubmitAsync(new TaskSubmission { Type = "gated", Queue = "b" });
        await WaitForStartsAsync(2);

        // Only queue a is failed over, as if the failover of b were still on its way: the silo's next claim in a is refused.
        await Storage.Tasks.RequeueSiloTasksAsync("a", silo, maxFailovers: 3);
        await SubmitAsync(new TaskSubmission { Type = "quick", Queue = "a" });
        await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == inB),
            $"the attempt of {inB} on {silo} to be given up", Patience);
        var handedBack = await GetAsync(inB);
        var other = SchedulerCluster.IdOf(await cluster.StartAdditionalSiloAsync());
        Ledger.OpenGate();
        var done = (await WaitUntilFinishedAsync([inB]))[0];

        Assert.True(SchedulerCluster.Service<SiloWorker>(cluster.Silos[0]).WasRequeued);
        Assert.Equal(TaskState.Pending, handedBack.Status); // handed back: not counted, not failed over
        Assert.Equal(0, handedBack.Attempt);
        Assert.Equal(TaskState.Succeeded, done.Status);
        Assert.Equal(other, done.Silo);
        Assert.Equal(1, done.Attempt);
        Assert.Equal(0, done.Failovers);
    }

    [Fact]
    public async Task a_task_that_crashes_every_silo_it_lands_on_ends_failed_as_poison_while_the_other_tasks_complete()
    {
        const int maxFailovers = 2;
        var cluster = await DeployAsync(3, o => o.MaxFailovers = maxFailovers);
        // The others first: the client's calls to a silo that is being killed are refused.
        var others = await SubmitAsync("quick", 20);
        string poison = await SubmitAsync(new TaskSubmission { Type = "crash" });

        var done = (await WaitUntilFinishedAsync([poison]))[0];
        var rest = await WaitUntilFinishedAsync(others);

        Assert.Equal(TaskState.Failed, done.Status);
        Assert.Contains("poison", done.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(maxFailovers + 1, done.Failovers);
        var runs = Ledger.StartsOf(poison);
        Assert.Equal(maxFailovers + 1, runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.SiloId).Distinct().Count());
        Assert.All(runs, r => Assert.False(cluster.FindSilo(r.SiloId).IsActive, $"{r.SiloId} should have been killed"));
        Assert.All(rest, t => Assert.Equal(TaskState.Succeeded, t.Status));
        // Each crashed silo started its replacement: the cluster keeps its size.
        await Eventually.Until(() => Task.FromResult(cluster.ActiveSilos.Count), n => n == 3, "the replacements of the crashed silos to run", Patience);
    }
}
