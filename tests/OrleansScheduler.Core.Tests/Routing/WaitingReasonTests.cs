using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class WaitingReasonTests
{
    private static readonly TimeSpan PinnedWait = TimeSpan.FromMinutes(5);

    private static TaskRecord Pending(TaskRouting? routing, string? routedTo = null, TaskState status = TaskState.Pending) =>
        new() { Id = "t1", Queue = Queue, Type = "hold", Status = status, Routing = routing, RoutedTo = routedTo };

    [Fact]
    public void an_unrouted_or_started_task_gives_no_reason()
    {
        var snapshot = Numbered(2);
        Assert.Null(WaitingReason.For(Pending(null), snapshot, PinnedWait));
        Assert.Null(WaitingReason.For(Pending(new TaskRouting { Cost = 4 }, status: TaskState.Running), snapshot, PinnedWait));
    }

    [Fact]
    public void a_pinned_task_waiting_for_no_silo_names_its_silo_and_the_wait()
    {
        string? reason = WaitingReason.For(Pending(new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "gpu-1" }, TaskRouting.NoSilo), Numbered(2), PinnedWait);

        Assert.Contains("pinned silo 'gpu-1' is not Active", reason);
        Assert.Contains("300 s", reason);
    }

    [Fact]
    public void a_task_routed_to_a_silo_names_that_silo_and_its_strategy()
    {
        var snapshot = Numbered(2);
        string silo = snapshot.Silos[1].Id;

        string? reason = WaitingReason.For(Pending(new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "k" }, silo), snapshot, PinnedWait);

        Assert.Contains($"s1 ({silo})", reason);
        Assert.Contains("consistentHash", reason);
    }

    [Fact]
    public void a_task_routed_to_a_silo_that_left_says_it_is_routed_again()
    {
        var snapshot = Snapshot(Silo("10.0.0.9:11111@1", name: "gone", active: false, dead: true), Silo("10.0.0.1:11111@1"));

        string? reason = WaitingReason.For(Pending(new TaskRouting { Strategy = RoutingStrategy.RoundRobin }, "10.0.0.9:11111@1"), snapshot, PinnedWait);

        Assert.Contains("not Active", reason);
        Assert.Contains("routed again", reason);
    }

    [Fact]
    public void a_costly_task_says_how_many_slots_it_needs_and_the_most_free_now()
    {
        var snapshot = Snapshot(Silo("a", capacity: 8, used: 6), Silo("b", capacity: 8, used: 5));

        string? reason = WaitingReason.For(Pending(new TaskRouting { Cost = 4 }), snapshot, PinnedWait);

        Assert.Contains("needs 4 free slots", reason);
        Assert.Contains("now is 3", reason);
    }

    [Fact]
    public void a_task_whose_labels_no_silo_carries_names_the_labels()
    {
        var snapshot = Snapshot(Silo("a", labels: new() { ["zone"] = "us-1" }));

        string? reason = WaitingReason.For(Pending(new TaskRouting { Labels = new Dictionary<string, string> { ["zone"] = "eu-1" } }), snapshot, PinnedWait);

        Assert.Contains("zone=eu-1", reason);
    }
}
