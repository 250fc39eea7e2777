using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store must do when silos die or drain: failover of a dead silo's tasks (with
/// poison detection, refusal of its later claims and the owners a failover backstop reads),
/// hand-back of a draining silo's attempts, and promotion of due tasks. Subclassed once per store, like <see cref="TaskStoreContract"/>.
/// </summary>
public abstract class TaskFailoverContract : TaskStoreContractBase
{
    [Fact]
    public async Task a_dead_silos_running_tasks_are_requeued_at_once_and_its_late_completions_lose()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo()]);
        var dead = (await store.ClaimAsync("default", "silo-1.a", 2)).Tasks;
        var alive = Assert.Single((await store.ClaimAsync("default", "silo-2.a", 1)).Tasks);

        var result = await store.RequeueSiloTasksAsync("default", "silo-1.a", maxFailovers: 3);

        Assert.Equal(new FailoverResult(2, 0), result);
        foreach (var lost in dead)
        {
            var task = (await store.GetAsync(lost.Id))!;
            Assert.Equal(TaskState.Pending, task.Status);
            Assert.Equal(1, task.Failovers);
            Assert.Equal(0, task.Attempt);
        }
        Assert.Equal(TaskState.Running, (await store.GetAsync(alive.Id))!.Status);

        var rerun = (await store.ClaimAsync("default", "silo-2.a", 5)).Tasks;
        Assert.Equal(dead.Select(t => t.Id).Order(), rerun.Select(t => t.Id).Order());
        Assert.All(rerun, t => Assert.Equal(1, t.Attempt));
        var zombie = await store.CompleteAsync(dead.Select(t => new TaskCompletion(t.Id, t.Queue, t.Token, "\"zombie\"")).ToList());
        Assert.All(zombie, r => Assert.Equal(OutcomeResult.StaleToken, r));
        Assert.All(await store.CompleteAsync(rerun.Select(t => new TaskCompletion(t.Id, t.Queue, t.Token, "\"replacement\"")).ToList()),
            r => Assert.Equal(OutcomeResult.Accepted, r));
        Assert.Equal("\"replacement\"", (await store.GetAsync(dead[0].Id))!.Result);
    }

    [Fact]
    public async Task requeueing_a_dead_silo_twice_changes_nothing_the_second_time()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);
        await store.ClaimAsync("default", "silo-1.a", 1);

        Assert.Equal(new FailoverResult(1, 0), await store.RequeueSiloTasksAsync("default", "silo-1.a", 3));
        Assert.Equal(new FailoverResult(0, 0), await store.RequeueSiloTasksAsync("default", "silo-1.a", 3));
        Assert.Equal(new FailoverResult(0, 0), await store.RequeueSiloTasksAsync("no-such-queue", "silo-1.a", 3));
    }

    [Fact]
    public async Task a_requeued_silo_claims_nothing_more_in_the_queue_and_its_claim_changes_nothing()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo()]);
        var lost = Assert.Single((await store.ClaimAsync("default", "silo-1.a", 1)).Tasks);
        await store.RequeueSiloTasksAsync("default", "silo-1.a", maxFailovers: 3);

        var refused = await store.ClaimAsync("default", "silo-1.a", 10);

        Assert.True(refused.OwnerRequeued);
        Assert.Empty(refused.Tasks);
        Assert.Equal(2, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Pending]);
        var rerun = (await store.ClaimAsync("default", "silo-2.a", 10)).Tasks;
        Assert.False((await store.ClaimAsync("default", "silo-2.a", 10)).OwnerRequeued);
        Assert.Contains(rerun, t => t.Id == lost.Id);
        Assert.Equal(2, rerun.Count);
    }

    [Fact]
    public async Task a_silo_requeued_while_it_ran_nothing_in_the_queue_is_refused_there_too()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);

        Assert.Equal(new FailoverResult(0, 0), await store.RequeueSiloTasksAsync("default", "silo-1.a", maxFailovers: 3));

        Assert.True((await store.ClaimAsync("default", "silo-1.a", 1)).OwnerRequeued);
        Assert.Single((await store.ClaimAsync("default", "silo-2.a", 1)).Tasks);
    }

    [Fact]
    public async Task the_queue_forgets_a_requeued_silo_after_the_requeued_silo_memory()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);
        await store.RequeueSiloTasksAsync("default", "silo-1.a", maxFailovers: 3);

        Clock.Advance(ITaskStore.RequeuedSiloMemory + TimeSpan.FromSeconds(1));
        await store.RequeueSiloTasksAsync("default", "silo-2.a", maxFailovers: 3); // trims what is older

        Assert.Single((await store.ClaimAsync("default", "silo-1.a", 1)).Tasks);
        Assert.True((await store.ClaimAsync("default", "silo-2.a", 1)).OwnerRequeued);
    }

    [Fact]
    public async Task the_running_owners_are_the_silos_with_running_attempts_with_their_count_and_newest_start()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo(), Echo()]);
        var first = Clock.GetUtcNow();
        await store.ClaimAsync("default", "silo-b", 1);
        Clock.Advance(TimeSpan.FromSeconds(2));
        var a = (await store.ClaimAsync("default", "silo-a", 2)).Tasks;
        Clock.Advance(TimeSpan.FromSeconds(3));
        var late = Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);

        Assert.Equal(
            [new RunningOwner("silo-a", 2, first.AddSeconds(2)), new RunningOwner("silo-b", 2, first.AddSeconds(5))],
            await store.ListRunningOwnersAsync("default"));

        await store.CompleteAsync([.. a.Select(t => new TaskCompletion(t.Id, t.Queue, t.Token, "1"))]);
        await store.RequeueSiloTasksAsync("default", "silo-b", maxFailovers: 3);
        Assert.Empty(await store.ListRunningOwnersAsync("default"));
        Assert.Empty(await store.ListRunningOwnersAsync("no-such-queue"));
        Assert.Equal(TaskState.Pending, (await store.GetAsync(late.Id))!.Status);
    }

    [Fact]
    public async Task a_task_whose_silos_keep_dying_ends_failed_as_poison_after_max_failovers()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        for (int death = 1; death <= 2; death++)
        {
            await store.ClaimAsync("default", $"silo-{death}.a", 1);
            Assert.Equal(new FailoverResult(1, 0), await store.RequeueSiloTasksAsync("default", $"silo-{death}.a", maxFailovers: 2));
        }
        await store.ClaimAsync("default", "silo-3.a", 1);
        Assert.Equal(new FailoverResult(0, 1), await store.RequeueSiloTasksAsync("default", "silo-3.a", maxFailovers: 2));

        var task = (await store.GetAsync(id))!;
        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal(3, task.Failovers);
        Assert.Contains("poison", task.Error);
        Assert.Contains("silo-3.a", task.Error);
        Assert.Equal(Clock.GetUtcNow(), task.FinishedAt);
        Assert.Empty((await store.ClaimAsync("default", "silo-4.a", 1)).Tasks);
    }

    [Fact]
    public async Task a_draining_silo_hands_its_attempts_back_without_counting_them()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo()]);
        var claimed = (await store.ClaimAsync("default", "silo-1.a", 2)).Tasks;

        var results = await store.ReleaseAsync([
            new TaskRelease(claimed[0].Id, "default", claimed[0].Token),
            new TaskRelease(claimed[1].Id, "default", claimed[1].Token - 1),
        ]);

        Assert.Equal([OutcomeResult.Accepted, OutcomeResult.StaleToken], results);
        var handedBack = (await store.GetAsync(claimed[0].Id))!;
        Assert.Equal(TaskState.Pending, handedBack.Status);
        Assert.Equal(0, handedBack.Attempt);
        Assert.Equal(0, handedBack.Failovers);
        // The handler still running on the draining silo cannot complete what it handed back.
        Assert.Equal([OutcomeResult.NotRunning], await store.CompleteAsync([new TaskCompletion(claimed[0].Id, "default", claimed[0].Token, "null")]));
        var again = Assert.Single((await store.ClaimAsync("default", "silo-2.a", 1)).Tasks);
        Assert.Equal(claimed[0].Id, again.Id);
        Assert.Equal(1, again.Attempt);
    }

    [Fact]
    public async Task due_scheduled_tasks_are_promoted_to_pending_by_the_sweep()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([
            Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(1) },
            Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(10) },
        ]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await store.PromoteDueAsync("default"));
        Assert.Equal(0, await store.PromoteDueAsync("default"));

        Assert.Equal(TaskState.Pending, (await store.GetAsync(ids[0]))!.Status);
        Assert.Equal(TaskState.Scheduled, (await store.GetAsync(ids[1]))!.Status);
        Assert.Equal(0, await store.PromoteDueAsync("no-such-queue"));
    }
}
