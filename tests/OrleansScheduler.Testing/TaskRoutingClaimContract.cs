using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// Where every task store keeps a Pending routed task and how its claims hand routed tasks out (DESIGN.md §7,
/// <see cref="ITaskRouting"/>): the lane it waits in (its silo's, the wait lane of <see cref="TaskRouting.NoSilo"/>,
/// its concurrency key's, the fit lane or the shared ready set); claims in priority order across lanes that hold
/// each routed task to <see cref="ClaimFit"/>: its cost, its labels, its key's limit and its load strategy's
/// deferral. <see cref="TaskReroutingContract"/> moves routed tasks between lanes and
/// <see cref="TaskRoutingLifecycleContract"/> keeps them there through every transition. Subclassed once per store.
/// </summary>
public abstract class TaskRoutingClaimContract : TaskRoutingContractBase
{
    private static readonly TimeSpan Window = ClaimRequest.DefaultDeferWindow;

    private static TaskSubmission ByLoad(RoutingStrategy strategy, int cost = 1) => Echo() with { Routing = new TaskRouting { Strategy = strategy, Cost = cost } };

    // The lanes

    [Fact]
    public async Task a_task_routed_to_a_silo_is_claimed_by_that_silo_only()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(B)]))[0];

        Assert.Empty(await Claim(store, By(A)));
        var waiting = (await store.GetAsync(id))!;
        Assert.Equal((TaskState.Pending, B, Clock.GetUtcNow()), (waiting.Status, waiting.RoutedTo, waiting.RoutedSince));

        var claimed = Assert.Single((await store.ClaimAsync("default", B, 10)).Tasks);
        Assert.Equal(id, claimed.Id);
        Assert.Equal(RoutingStrategy.Pinned, claimed.Routing!.Strategy);
        var running = (await store.GetAsync(id))!;
        Assert.Equal((TaskState.Running, B, null), (running.Status, running.RoutedTo, running.RoutedSince));
        Assert.Equal(RoutingStrategy.Pinned, running.Routing!.Strategy);
    }

    [Fact]
    public async Task a_task_waiting_for_no_silo_is_claimed_by_nobody()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(TaskRouting.NoSilo)]))[0];

        Assert.Empty(await Claim(store, By(A)));
        Assert.Empty(await Claim(store, By(B) with { FreeSlots = 100, Labels = new Dictionary<string, string> { ["gpu"] = "a100" } }));
        var task = (await store.GetAsync(id))!;
        Assert.Equal((TaskState.Pending, TaskRouting.NoSilo, Clock.GetUtcNow()), (task.Status, task.RoutedTo, task.RoutedSince));
        Assert.Equal([TaskRouting.NoSilo], await store.ListRoutedSilosAsync("default"));
    }

    [Fact]
    public async Task a_task_routed_to_a_silo_the_queue_has_requeued_waits_for_no_silo()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);
        await store.RequeueSiloTasksAsync("default", B, maxFailovers: 3);

        string id = (await store.SubmitAsync([To(B)]))[0];

        Assert.Equal(TaskRouting.NoSilo, (await store.GetAsync(id))!.RoutedTo);
        Assert.Equal([TaskRouting.NoSilo], await store.ListRoutedSilosAsync("default"));
        Assert.Single(await Claim(store, By(A)));
        Assert.Empty(await Claim(store, By(A)));
    }

    [Fact]
    public async Task an_unrouted_task_carries_no_routing_and_waits_in_no_lane()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([Echo()]))[0];

        var task = (await store.GetAsync(id))!;
        Assert.Equal((null, null, null), (task.Routing, task.RoutedTo, task.RoutedSince));
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        var claimed = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.Null(claimed.Routing);
        Assert.Equal(1, claimed.Cost);
    }

    [Fact]
    public async Task a_routing_with_nothing_to_check_at_claim_keeps_its_task_in_the_shared_order()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([
            Echo(),
            Echo() with { Routing = TaskRouting.Default },
            Costing(2),
            Echo() with { Routing = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "customer-7" } },
        ]);

        Assert.Null((await store.GetAsync(ids[1]))!.RoutedSince);
        Assert.Equal(Clock.GetUtcNow(), (await store.GetAsync(ids[2]))!.RoutedSince);
        Assert.Equal([ids[2], ids[0], ids[1], ids[3]], await Claim(store, By(A)));
    }

    // Claim order, cost and labels

    [Fact]
    public async Task claims_take_the_highest_priority_first_across_lanes_and_at_equal_priority_routed_tasks_before_shared_ones()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([
            Echo(),                                  // 0: shared
            Costing(2),                              // 1: fit lane
            To(A, priority: 5),                      // 2: A's lane
            Echo(priority: 5),                       // 3: shared
            Keyed("tenant-1"),                       // 4: key lane
            ByLoad(RoutingStrategy.FirstFit),        // 5: fit lane
            To(A),                                   // 6: A's lane
            To(B, priority: 9),                      // 7: B's lane
        ]);

        var claimed = await Claim(store, By(A, max: 20) with { FreeSlots = 20 });

        Assert.Equal([ids[2], ids[3], ids[1], ids[4], ids[5], ids[6], ids[0]], claimed);
    }

    [Fact]
    public async Task a_claim_takes_no_more_cost_than_its_free_slots_and_a_shared_task_costs_one()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Costing(3), Costing(2), Echo(), Echo(), Echo()]);

        var first = (await store.ClaimAsync(By(A) with { FreeSlots = 4 })).Tasks;

        Assert.Equal([ids[0], ids[2]], first.Select(t => t.Id));
        Assert.Equal([3, 1], first.Select(t => t.Cost));
        Assert.Equal([ids[1]], await Claim(store, By(A) with { FreeSlots = 2 }));
        Assert.Equal([ids[3]], await Claim(store, By(A, max: 1)));
        Assert.Equal([ids[4]], await Claim(store, By(A, max: 5) with { FreeSlots = 1 }));
    }

    [Fact]
    public async Task a_task_too_big_for_a_claim_keeps_its_place_while_smaller_ones_pass_it()
    {
        var store = await NewStore();
        var submittedAt = Clock.GetUtcNow();
        var ids = await store.SubmitAsync([Costing(5), Costing(2), Echo()]);

        Assert.Equal([ids[1], ids[2]], await Claim(store, By(A) with { FreeSlots = 3 }));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await store.SubmitAsync([Echo()]);

        Assert.Equal(submittedAt, (await store.GetAsync(ids[0]))!.RoutedSince);
        Assert.Equal([ids[0]], await Claim(store, By(B) with { FreeSlots = 5 }));
    }

    [Fact]
    public async Task a_task_requiring_labels_is_claimed_only_by_a_silo_carrying_every_pair()
    {
        var store = await NewStore();
        var labels = new Dictionary<string, string> { ["gpu"] = "a100", ["zone"] = "eu" };
        string id = (await store.SubmitAsync([Echo() with { Routing = new TaskRouting { Labels = labels } }]))[0];

        Assert.Empty(await Claim(store, By(A)));
        Assert.Empty(await Claim(store, By(A) with { Labels = new Dictionary<string, string> { ["gpu"] = "a100" } }));
        Assert.Empty(await Claim(store, By(A) with { Labels = new Dictionary<string, string> { ["gpu"] = "A100", ["zone"] = "eu" } }));
        var carrying = new Dictionary<string, string> { ["gpu"] = "a100", ["zone"] = "eu", ["rack"] = "7" };
        Assert.Equal([id], await Claim(store, By(B) with { Labels = carrying }));
    }

    // Concurrency keys

    [Fact]
    public async Task tasks_sharing_a_concurrency_key_run_at_most_its_limit_at_once_across_all_silos()
    {
        var store = await NewStore();
        await store.SubmitAsync([.. Enumerable.Range(0, 5).Select(_ => Keyed("tenant-1", limit: 2)), Keyed("tenant-2")]);

        var first = (await store.ClaimAsync(By(A))).Tasks;
        Assert.Equal(["tenant-1", "tenant-1", "tenant-2"], first.Select(t => t.Routing!.ConcurrencyKey));
        Assert.Empty(await Claim(store, By(B)));

        await Complete(store, first[0]);

        Assert.Single(await Claim(store, By(B)));
        Assert.Empty(await Claim(store, By(A)));
        Assert.Equal(3, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Running]);
    }

    [Fact]
    public async Task with_a_key_limit_of_one_its_tasks_run_one_at_a_time_in_priority_then_submission_order()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Keyed("k"), Keyed("k"), Keyed("k", priority: 5), Echo()]);

        Assert.Equal([ids[2], ids[3]], await Claim(store, By(A)));
        Assert.Empty(await Claim(store, By(B)));
        await store.CompleteAsync([new TaskCompletion(ids[2], "default", (await store.GetAsync(ids[2]))!.Token, "null")]);
        var second = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.Equal(ids[0], second.Id);
        await Fail(store, second, retryable: false);
        Assert.Equal([ids[1]], await Claim(store, By(A)));
    }

    [Fact]
    public async Task every_end_of_a_running_attempt_frees_its_key_for_the_next_task()
    {
        var store = await NewStore();
        await store.SubmitAsync([.. Enumerable.Range(0, 7).Select(_ => Keyed("k") with { Timeout = TimeSpan.FromSeconds(5) })]);
        async Task<ClaimedTask> Next(string silo = A) => Assert.Single((await store.ClaimAsync(By(silo))).Tasks);

        var running = await Next();
        Assert.Empty(await Claim(store, By(B)));
        await Complete(store, running);
        running = await Next();
        await Fail(store, running, retryable: false);
        running = await Next();
        await store.CancelAsync(running.Id);
        running = await Next();
        await store.ReleaseAsync([new TaskRelease(running.Id, "default", running.Token)]);
        running = await Next();
        Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await store.ExpireAttemptsAsync("default"));
        running = await Next();
        await store.RequeueSiloTasksAsync("default", A, maxFailovers: 3);

        Assert.Single(await Claim(store, By(B)));
        Assert.Empty(await Claim(store, By(B)));
    }

    // Load strategies: deferral

    [Fact]
    public async Task a_least_loaded_task_is_left_for_the_defer_window_to_a_silo_with_clearly_more_free_slots()
    {
        var store = await NewStore();
        var since = Clock.GetUtcNow();
        var ids = await store.SubmitAsync([ByLoad(RoutingStrategy.LeastLoaded), ByLoad(RoutingStrategy.LeastLoaded), Echo()]);
        var busy = By(A) with { DeferLeastLoaded = true };

        var deferring = await store.ClaimAsync(busy);

        Assert.Equal([ids[2]], deferring.Tasks.Select(t => t.Id));
        Assert.NotNull(deferring.NextDueAt);
        Assert.True(deferring.NextDueAt <= since + Window, $"NextDueAt {deferring.NextDueAt:O} is after the window's end {since + Window:O}");
        Assert.Equal([ids[0]], await Claim(store, By(B, max: 1)));
        Clock.Advance(Window);
        Assert.Equal([ids[1]], await Claim(store, busy));
    }

    [Fact]
    public async Task a_best_fit_task_is_left_for_the_defer_window_to_a_silo_whose_free_slots_hold_it_more_tightly()
    {
        var store = await NewStore();
        var since = Clock.GetUtcNow();
        var ids = await store.SubmitAsync([ByLoad(RoutingStrategy.BestFit, cost: 2), ByLoad(RoutingStrategy.BestFit, cost: 2)]);
        var roomy = By(A, max: 1) with { FreeSlots = 8, OthersFree = [3] };

        var deferring = await store.ClaimAsync(roomy);

        Assert.Empty(deferring.Tasks);
        Assert.True(deferring.NextDueAt <= since + Window, $"NextDueAt {deferring.NextDueAt:O} is after the window's end {since + Window:O}");
        Assert.Empty(await Claim(store, roomy with { OthersFree = [2, 1] }));
        Assert.Equal([ids[0]], await Claim(store, By(B, max: 1) with { FreeSlots = 3, OthersFree = [8] }));
        Assert.Equal([ids[1]], await Claim(store, roomy with { OthersFree = [1, 8, 9] }));
    }

    [Fact]
    public async Task a_deferred_task_is_taken_once_the_claims_defer_window_has_passed()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([ByLoad(RoutingStrategy.BestFit, cost: 2)]))[0];
        var roomy = By(A) with { FreeSlots = 8, OthersFree = [2], DeferWindow = TimeSpan.FromSeconds(2) };

        Assert.True((await store.ClaimAsync(roomy)).NextDueAt <= Clock.GetUtcNow().AddSeconds(2));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await Claim(store, roomy));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([id], await Claim(store, roomy));
    }

    [Fact]
    public async Task a_first_fit_task_goes_to_any_silo_with_room_and_is_never_deferred()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([ByLoad(RoutingStrategy.FirstFit, cost: 3)]))[0];

        var tooSmall = await store.ClaimAsync(By(A) with { FreeSlots = 2 });

        Assert.Empty(tooSmall.Tasks);
        Assert.Null(tooSmall.NextDueAt);
        Assert.Equal([id], await Claim(store, By(A) with { FreeSlots = 3, OthersFree = [3, 4], DeferLeastLoaded = true }));
    }
}
