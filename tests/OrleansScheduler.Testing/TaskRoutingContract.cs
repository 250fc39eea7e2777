using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// Where every task store keeps routed tasks and how its claims hand them out (DESIGN.md §7,
/// <see cref="ITaskRouting"/>): the lane a Pending task waits in (its silo's, the wait lane of
/// <see cref="TaskRouting.NoSilo"/>, its concurrency key's, the fit lane or the shared ready set), on every
/// path to Pending and out of it; claims in priority order across lanes that hold each routed task to
/// <see cref="ClaimFit"/>; failover and rerouting; and what the router reads. Subclassed once per store.
/// </summary>
public abstract class TaskRoutingContract : TaskFamilyContractBase
{
    private const string A = Silo, B = "silo-b";
    private static readonly TimeSpan Window = ClaimRequest.DefaultDeferWindow;

    private static TaskSubmission To(string silo, int priority = 0) =>
        Echo(priority: priority) with { Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "worker" }, RoutedTo = silo };

    private static TaskSubmission Costing(int cost, int priority = 0) => Echo(priority: priority) with { Routing = new TaskRouting { Cost = cost } };

    private static TaskSubmission Keyed(string key, int? limit = null, int priority = 0) =>
        Echo(priority: priority) with { Routing = new TaskRouting { ConcurrencyKey = key, MaxConcurrent = limit } };

    private static TaskSubmission ByLoad(RoutingStrategy strategy, int cost = 1) => Echo() with { Routing = new TaskRouting { Strategy = strategy, Cost = cost } };

    private static ClaimRequest By(string silo, int max = 10) => new("default", silo, max);

    private static async Task<IReadOnlyList<string>> Claim(ITaskStore store, ClaimRequest request) =>
        [.. (await store.ClaimAsync(request)).Tasks.Select(t => t.Id)];

    private static async Task<IReadOnlyList<string>> Lane(ITaskStore store, string silo) =>
        [.. (await store.ListRoutedAsync("default", silo, 100)).Select(t => t.Id)];

    private static Task Complete(ITaskStore store, ClaimedTask task) => store.CompleteAsync([new TaskCompletion(task.Id, task.Queue, task.Token, "null")]);

    private static Task Fail(ITaskStore store, ClaimedTask task, bool retryable) =>
        store.FailAsync([new TaskFailure(task.Id, task.Queue, task.Token, "boom", retryable)]);

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

    // Failover

    [Fact]
    public async Task a_failover_moves_the_dead_silos_routed_tasks_to_wait_for_no_silo_in_their_order()
    {
        var store = await NewStore();
        var submittedAt = Clock.GetUtcNow();
        var ids = await store.SubmitAsync([To(TaskRouting.NoSilo), To(A), To(A, priority: 5), To(A), To(B)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        await store.RequeueSiloTasksAsync("default", A, maxFailovers: 3);

        var waiting = await store.ListRoutedAsync("default", TaskRouting.NoSilo, 100);
        Assert.Equal([ids[2], ids[0], ids[1], ids[3]], waiting.Select(t => t.Id));
        Assert.All(waiting, t => Assert.Equal(TaskRouting.NoSilo, t.RoutedTo));
        Assert.Equal([submittedAt, Clock.GetUtcNow(), Clock.GetUtcNow(), Clock.GetUtcNow()], waiting.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => t.Since));
        Assert.Equal([TaskRouting.NoSilo, B], await store.ListRoutedSilosAsync("default"));
        Assert.True((await store.ClaimAsync(By(A))).OwnerRequeued);
        Assert.Equal([ids[4]], await Claim(store, By(B)));
    }

    [Fact]
    public async Task a_task_routed_to_a_requeued_silo_waits_for_no_silo_whenever_it_is_ready_again()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(A) with { MaxAttempts = 1 }, To(A), To(A) with { RunAt = Clock.GetUtcNow().AddSeconds(10) }]);
        var failed = Assert.Single((await store.ClaimAsync(By(A, max: 1))).Tasks);
        await Fail(store, failed, retryable: false);
        Assert.Single(await Claim(store, By(A)));

        await store.RequeueSiloTasksAsync("default", A, maxFailovers: 3);
        Clock.Advance(TimeSpan.FromSeconds(10));
        await store.PromoteDueAsync("default");
        await store.RetryAsync(ids[0]);

        Assert.Equal([ids[1], ids[2], ids[0]], await Lane(store, TaskRouting.NoSilo));
        Assert.Equal([TaskRouting.NoSilo], await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(B)));
    }

    // Rerouting

    [Fact]
    public async Task rerouting_moves_a_waiting_task_to_its_new_silo_where_it_starts_waiting_anew()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(TaskRouting.NoSilo), To(A)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var made = await store.RerouteAsync("default", [new TaskReroute(ids[0], TaskRouting.NoSilo, B), new TaskReroute(ids[1], A, B)]);

        Assert.Equal([true, true], made);
        var moved = (await store.GetAsync(ids[0]))!;
        Assert.Equal((TaskState.Pending, B, Clock.GetUtcNow()), (moved.Status, moved.RoutedTo, moved.RoutedSince));
        Assert.All(await store.ListRoutedAsync("default", B, 10), t => Assert.Equal(Clock.GetUtcNow(), t.Since));
        Assert.Equal([B], await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(A)));
        Assert.Equal(ids, await Claim(store, By(B)));
    }

    [Fact]
    public async Task a_reroute_is_made_only_while_the_task_still_waits_where_the_router_saw_it()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(TaskRouting.NoSilo)]))[0];

        Assert.Equal([true, false], await store.RerouteAsync("default", [new TaskReroute(id, TaskRouting.NoSilo, A), new TaskReroute(id, TaskRouting.NoSilo, B)]));
        Assert.Equal([false], await store.RerouteAsync("default", [new TaskReroute(id, TaskRouting.NoSilo, A)]));
        Assert.Equal([false], await store.RerouteAsync("other", [new TaskReroute(id, A, B)]));
        Assert.Equal([false, false], await store.RerouteAsync("default", [new TaskReroute(id, B, A), new TaskReroute("no-such-task", A, B)]));
        Assert.Equal(A, (await store.GetAsync(id))!.RoutedTo);
        Assert.Single(await Claim(store, By(A)));
        Assert.Equal([false], await store.RerouteAsync("default", [new TaskReroute(id, A, B)]));
        Assert.Equal(TaskState.Running, await StatusOf(store, id));
    }

    [Fact]
    public async Task a_rerouted_task_keeps_its_place_in_priority_then_submission_order()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(TaskRouting.NoSilo), To(TaskRouting.NoSilo), To(TaskRouting.NoSilo, priority: 5), To(A)]);

        await store.RerouteAsync("default", [.. new[] { ids[1], ids[0], ids[2] }.Select(id => new TaskReroute(id, TaskRouting.NoSilo, A))]);

        Assert.Equal([ids[2], ids[0], ids[1], ids[3]], await Lane(store, A));
        Assert.Equal([ids[2], ids[0], ids[1], ids[3]], await Claim(store, By(A)));
    }

    [Fact]
    public async Task a_reroute_to_a_silo_the_queue_has_requeued_leaves_the_task_waiting_for_no_silo()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(A)]))[0];
        await store.RequeueSiloTasksAsync("default", B, maxFailovers: 3);

        Assert.Equal([true], await store.RerouteAsync("default", [new TaskReroute(id, A, B)]));

        Assert.Equal(TaskRouting.NoSilo, (await store.GetAsync(id))!.RoutedTo);
        Assert.Equal([id], await Lane(store, TaskRouting.NoSilo));
    }

    [Fact]
    public async Task a_reroute_to_no_particular_silo_lets_any_silo_its_routing_admits_claim_it()
    {
        var store = await NewStore();
        var spec = Echo() with { Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "worker", Cost = 2 }, RoutedTo = TaskRouting.NoSilo };
        string id = (await store.SubmitAsync([spec]))[0];

        Assert.Equal([true], await store.RerouteAsync("default", [new TaskReroute(id, TaskRouting.NoSilo, null)]));

        Assert.Null((await store.GetAsync(id))!.RoutedTo);
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(A, max: 1)));
        Assert.Equal([id], await Claim(store, By(B) with { FreeSlots = 2 }));
    }

    [Fact]
    public async Task a_reroute_with_an_error_fails_the_task_and_its_parent_counts_it()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child() with { RoutedTo = TaskRouting.NoSilo }, Child()]));
        string child = family.ChildIds[0], error = "No silo named 'gpu-7' serves queue 'default'.";

        Assert.Equal([true], await store.RerouteAsync("default", [new TaskReroute(child, TaskRouting.NoSilo, null, error)]));

        var failed = (await store.GetAsync(child))!;
        Assert.Equal((TaskState.Failed, error, Clock.GetUtcNow()), (failed.Status, failed.Error, failed.FinishedAt));
        var last = (await store.GetTaskEventsAsync(child))![^1];
        Assert.Equal((TaskEventTypes.Failed, TaskState.Pending, TaskState.Failed, error), (last.Type, last.From, last.To, last.Error));
        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal((1, 1), (parent.ChildrenFinished, parent.ChildrenFailed));
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Equal(1, (await store.GetQueueStatsAsync("default")).FailedLastMinute);
    }

    // What the router reads

    [Fact]
    public async Task the_routed_silos_are_those_with_tasks_waiting_for_them_plus_no_silo_while_some_wait_for_none()
    {
        var store = await NewStore();
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        await store.SubmitAsync([To(B), To(A), To(A), Costing(2), Keyed("k"), Echo()]);
        Assert.Equal([A, B], await store.ListRoutedSilosAsync("default"));

        await store.SubmitAsync([To(TaskRouting.NoSilo)]);
        Assert.Equal([TaskRouting.NoSilo, A, B], await store.ListRoutedSilosAsync("default"));

        await store.ClaimAsync(By(B, max: 1));
        Assert.Equal([TaskRouting.NoSilo, A], await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await store.ListRoutedSilosAsync("no-such-queue"));
    }

    [Fact]
    public async Task listing_a_silos_routed_tasks_gives_them_in_claim_order_up_to_max()
    {
        var store = await NewStore();
        var first = Clock.GetUtcNow();
        string a1 = (await store.SubmitAsync([To(A)]))[0];
        Clock.Advance(TimeSpan.FromSeconds(1));
        var ids = await store.SubmitAsync([To(A, priority: 3), To(A), Costing(2), To(B)]);

        var listed = await store.ListRoutedAsync("default", A, 10);

        Assert.Equal([ids[0], a1, ids[1]], listed.Select(t => t.Id));
        var head = listed[0];
        Assert.Equal(("default", RoutingStrategy.Pinned, "worker", A, Clock.GetUtcNow(), Clock.GetUtcNow()),
            (head.Queue, head.Routing.Strategy, head.Routing.Silo, head.RoutedTo, head.Since, head.CreatedAt));
        Assert.Equal((first, first), (listed[1].Since, listed[1].CreatedAt));
        Assert.Equal([ids[0], a1], (await store.ListRoutedAsync("default", A, 2)).Select(t => t.Id));
        Assert.Empty(await store.ListRoutedAsync("default", TaskRouting.NoSilo, 10));
        Assert.Empty(await store.ListRoutedAsync("no-such-queue", A, 10));
    }

    [Fact]
    public async Task the_round_robin_cursor_starts_at_zero_and_each_advance_returns_where_it_stood()
    {
        var store = await NewStore();

        Assert.Equal(0, await store.AdvanceRoundRobinAsync("default", 3));
        Assert.Equal(3, await store.AdvanceRoundRobinAsync("default", 1));
        Assert.Equal(4, await store.AdvanceRoundRobinAsync("default", 0));
        Assert.Equal(4, await store.AdvanceRoundRobinAsync("default", 2));
        Assert.Equal(0, await store.AdvanceRoundRobinAsync("other", 1));

        var together = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.AdvanceRoundRobinAsync("busy", 1)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), together.Order());
    }

    // A queue's default routing

    [Fact]
    public async Task a_queues_default_routing_is_stored_replaced_and_removed_and_creates_the_queue()
    {
        var store = await NewStore();
        Assert.Null(await store.GetQueueRoutingAsync("gpu"));
        var labeled = new TaskRouting { Strategy = RoutingStrategy.BestFit, Cost = 4, Labels = new Dictionary<string, string> { ["gpu"] = "a100" } };

        await store.SetQueueRoutingAsync("gpu", labeled);

        var stored = (await store.GetQueueRoutingAsync("gpu"))!;
        Assert.Equal(labeled with { Labels = null }, stored with { Labels = null });
        Assert.Equal(labeled.Labels, stored.Labels);
        Assert.Contains("gpu", await store.ListQueuesAsync());
        var keyed = new TaskRouting { ConcurrencyKey = "tenant", MaxConcurrent = 3 };
        await store.SetQueueRoutingAsync("gpu", keyed);
        Assert.Equal(keyed, await store.GetQueueRoutingAsync("gpu"));
        await store.SetQueueRoutingAsync("gpu", null);
        Assert.Null(await store.GetQueueRoutingAsync("gpu"));
    }

    [Fact]
    public async Task an_invalid_default_routing_is_refused_naming_its_field_and_nothing_is_stored()
    {
        var store = await NewStore();

        var cost = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SetQueueRoutingAsync("gpu", new TaskRouting { Cost = 0 }));
        var silo = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SetQueueRoutingAsync("gpu", new TaskRouting { Strategy = RoutingStrategy.Pinned }));

        Assert.Contains("routing.cost", cost.Message);
        Assert.Contains("routing.silo", silo.Message);
        Assert.Null(await store.GetQueueRoutingAsync("gpu"));
        Assert.DoesNotContain("gpu", await store.ListQueuesAsync());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SetQueueRoutingAsync("bad queue", TaskRouting.Default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetQueueRoutingAsync("bad queue"));
    }

    [Fact]
    public async Task the_store_leaves_applying_a_queues_default_routing_to_the_router()
    {
        var store = await NewStore();
        await store.SetQueueRoutingAsync("default", new TaskRouting { Cost = 2 });

        string id = (await store.SubmitAsync([Echo()]))[0];

        Assert.Null((await store.GetAsync(id))!.Routing);
        Assert.Equal([id], await Claim(store, By(A, max: 1)));
    }

    // Routing kept through every transition

    [Fact]
    public async Task a_routed_task_keeps_its_silo_through_a_retry_backoff_and_a_retry_on_request()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(B) with { MaxAttempts = 2, Backoff = TimeSpan.FromSeconds(1) }]))[0];
        await Fail(store, Assert.Single((await store.ClaimAsync(By(B))).Tasks), retryable: true);
        var retrying = (await store.GetAsync(id))!;
        Assert.Equal((TaskState.Scheduled, B), (retrying.Status, retrying.RoutedTo));

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await Claim(store, By(A)));
        var due = (await store.GetAsync(id))!;
        Assert.Equal((TaskState.Pending, B, Clock.GetUtcNow()), (due.Status, due.RoutedTo, due.RoutedSince));
        var second = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.Equal(2, second.Attempt);
        await Fail(store, second, retryable: true);
        Assert.Equal(TaskState.Failed, await StatusOf(store, id));

        await store.RetryAsync(id);
        Assert.Empty(await Claim(store, By(A)));
        Assert.Equal([id], await Claim(store, By(B)));
    }

    [Fact]
    public async Task a_handed_back_routed_task_waits_for_its_silo_again()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(B), Keyed("k")]);
        var claimed = (await store.ClaimAsync(By(B))).Tasks;

        await store.ReleaseAsync([.. claimed.Select(t => new TaskRelease(t.Id, t.Queue, t.Token))]);

        Assert.Equal([ids[0]], await Lane(store, B));
        Assert.Equal([ids[1]], await Claim(store, By(A)));
        var again = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.Equal((ids[0], 1), (again.Id, again.Attempt));
    }

    [Fact]
    public async Task a_delayed_routed_task_enters_its_lane_when_it_falls_due()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(B) with { RunAt = Clock.GetUtcNow().AddSeconds(5) }]))[0];
        Assert.Empty(await store.ListRoutedSilosAsync("default"));

        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await store.PromoteDueAsync("default"));

        var listed = Assert.Single(await store.ListRoutedAsync("default", B, 10));
        Assert.Equal((id, Clock.GetUtcNow()), (listed.Id, listed.Since));
        Assert.Empty(await Claim(store, By(A)));
    }

    [Fact]
    public async Task routed_children_a_released_join_a_spawned_child_and_an_unblocked_node_wait_in_their_silos_lane()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join() with { RoutedTo = B }, [Child() with { RoutedTo = B }]));
        Assert.Equal([family.ChildIds[0]], await Lane(store, B));
        await Complete(store, Assert.Single((await store.ClaimAsync(By(B))).Tasks));
        Assert.Equal([family.ParentId], await Lane(store, B));
        var join = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.True(join.IsJoin);

        await store.SubmitAsync([Echo()]);
        var parent = Assert.Single((await store.ClaimAsync(By(A))).Tasks);
        var spawned = await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "default", parent.Token, 0, [Child() with { RoutedTo = B }]));
        var link = new WorkflowNodeLink { WorkflowId = "wf-1", Key = "resize", Dependencies = new Dictionary<string, string> { ["fetch"] = "wf-1.fetch" } };
        string node = (await store.SubmitAsync([Echo() with { Node = link, RoutedTo = B }]))[0];
        await store.UnblockAsync(node);

        Assert.Equal([spawned.Ids[0], node], await Lane(store, B));
        Assert.Empty(await Claim(store, By(A)));
    }

    // Out of the lanes

    [Fact]
    public async Task pausing_a_routed_task_takes_it_out_of_its_lane_and_resuming_returns_it_there()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(B), Costing(2)]);

        foreach (string id in ids) await store.PauseAsync(id);

        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(B) with { FreeSlots = 10 }));
        Assert.Equal(2, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Paused]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (string id in ids) await store.ResumeAsync(id);
        Assert.Equal(Clock.GetUtcNow(), Assert.Single(await store.ListRoutedAsync("default", B, 10)).Since);
        Assert.Equal(ids, await Claim(store, By(B) with { FreeSlots = 10 }));
    }

    [Fact]
    public async Task canceling_or_deleting_a_routed_pending_task_takes_it_out_of_its_lane()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(A), To(TaskRouting.NoSilo), Costing(2), Keyed("k")]);

        await store.CancelAsync(ids[0]);
        await store.DeleteAsync(ids[1]);
        await store.CancelAsync(ids[2]);
        await store.DeleteAsync(ids[3]);

        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(A) with { FreeSlots = 10 }));
        Assert.Equal(0, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Pending]);
        string again = (await store.SubmitAsync([Keyed("k")]))[0];
        Assert.Equal([again], await Claim(store, By(A)));
    }

    [Fact]
    public async Task a_parents_cancel_or_fail_fast_takes_its_routed_pending_children_out_of_their_lanes()
    {
        var store = await NewStore();
        var canceled = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child() with { RoutedTo = B }, Child() with { Routing = new TaskRouting { Cost = 2 } }]));
        await store.CancelAsync(canceled.ParentId);
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(B) with { FreeSlots = 10 }));

        var failing = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(), Child() with { RoutedTo = B }], ChildFailurePolicy.FailFast));
        await Fail(store, Assert.Single((await store.ClaimAsync(By(A))).Tasks), retryable: false);

        Assert.Equal(TaskState.Canceled, await StatusOf(store, failing.ChildIds[1]));
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(B)));
    }

    [Fact]
    public async Task queue_stats_count_the_pending_tasks_of_every_lane()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), To(A), To(B), To(TaskRouting.NoSilo), Keyed("k"), Costing(2)]);

        Assert.Equal(6, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Pending]);
        Assert.Equal(4, (await store.ClaimAsync(By(A) with { FreeSlots = 10 })).Tasks.Count);
        var stats = await store.GetQueueStatsAsync("default");
        Assert.Equal((2, 4), (stats.Counts[TaskState.Pending], stats.Counts[TaskState.Running]));
    }

    [Fact]
    public async Task a_submission_with_invalid_routing_is_refused_naming_the_routing_field_and_nothing_is_stored()
    {
        var store = await NewStore();

        var single = await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitAsync([Echo() with { Routing = new TaskRouting { Cost = 0 } }]));
        var batch = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.SubmitAsync([Echo(id: "good-1"), Echo() with { Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned } }]));

        Assert.Contains("routing.cost", single.Message);
        Assert.Contains("tasks[1].routing.silo", batch.Message);
        Assert.Null(await store.GetAsync("good-1"));
        Assert.Empty((await store.ListAsync(new TaskQuery())).Tasks);
    }
}
