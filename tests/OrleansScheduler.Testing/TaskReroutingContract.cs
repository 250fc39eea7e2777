using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// How every task store moves routed tasks for the router and what it keeps for it (DESIGN.md §7,
/// <see cref="ITaskRouting"/>): a failover sends a dead silo's routed tasks to wait for
/// <see cref="TaskRouting.NoSilo"/>; a reroute moves a task only while it still waits where the router saw it,
/// or fails it; the router reads the routed silos and their lanes, advances the round-robin cursor and keeps a
/// queue's default routing. Subclassed once per store.
/// </summary>
public abstract class TaskReroutingContract : TaskRoutingContractBase
{
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
}
