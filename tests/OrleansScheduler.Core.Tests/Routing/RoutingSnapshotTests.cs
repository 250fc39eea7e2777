using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class RoutingSnapshotTests
{
    private static readonly TaskRouting Plain = new();

    [Fact]
    public void candidates_are_the_active_claiming_silos_serving_the_queue_sorted_by_address()
    {
        var snapshot = Snapshot(
            Silo("d"),
            Silo("draining", claiming: false),
            Silo("joining", active: false),
            Silo("elsewhere", queues: ["other"]),
            Silo("b", queues: ["other", Queue]),
            Silo("C"));

        Assert.Equal(["C", "b", "d"], snapshot.Candidates(Queue, Plain).Select(s => s.Id));
    }

    [Fact]
    public void candidates_carry_every_label_the_task_requires()
    {
        var snapshot = Snapshot(
            Silo("a", labels: new() { ["zone"] = "eu-1", ["gpu"] = "true" }),
            Silo("b", labels: new() { ["zone"] = "eu-1" }),
            Silo("c", labels: new() { ["zone"] = "us-1", ["gpu"] = "true" }));

        var gpuInEurope = new TaskRouting { Labels = new Dictionary<string, string> { ["zone"] = "eu-1", ["gpu"] = "true" } };

        Assert.Equal(["a"], snapshot.Candidates(Queue, gpuInEurope).Select(s => s.Id));
        Assert.Equal(["a", "b"], snapshot.Candidates(Queue, new TaskRouting { Labels = new Dictionary<string, string> { ["zone"] = "eu-1" } }).Select(s => s.Id));
    }

    [Fact]
    public void candidates_have_the_capacity_for_the_tasks_cost_however_busy_they_are_now()
    {
        var snapshot = Snapshot(Silo("small", capacity: 2), Silo("big-but-busy", capacity: 8, used: 8), Silo("exact", capacity: 4));

        Assert.Equal(["big-but-busy", "exact"], snapshot.Candidates(Queue, new TaskRouting { Cost = 4 }).Select(s => s.Id));
    }

    [Fact]
    public void the_largest_capacity_counts_active_silos_serving_the_queue_even_draining_ones()
    {
        var snapshot = Snapshot(
            Silo("a", capacity: 4),
            Silo("draining", capacity: 6, claiming: false),
            Silo("joining", capacity: 50, active: false),
            Silo("elsewhere", capacity: 99, queues: ["other"]));

        Assert.Equal(6, snapshot.LargestCapacity(Queue));
        Assert.Equal(99, snapshot.LargestCapacity("other"));
        Assert.Null(snapshot.LargestCapacity("nobody-serves-this"));
        Assert.Null(RoutingSnapshot.Empty.LargestCapacity(Queue));
    }

    [Fact]
    public void a_silo_is_found_by_its_address_or_its_name()
    {
        var snapshot = Snapshot(Silo("10.0.0.1:11111@1", name: "worker-1"), Silo("10.0.0.2:11111@1", name: "worker-2", active: false));

        Assert.Equal("10.0.0.1:11111@1", snapshot.Find("worker-1")!.Id);
        Assert.Equal("worker-2", snapshot.Find("10.0.0.2:11111@1")!.Name);
        Assert.Null(snapshot.Find("worker-3"));
        Assert.Null(snapshot.Find(""));
    }

    [Fact]
    public void free_slots_never_go_below_zero()
    {
        Assert.Equal(3, Silo("a", capacity: 10, used: 7).FreeSlots);
        Assert.Equal(0, Silo("a", capacity: 10, used: 12).FreeSlots);
    }

    [Fact]
    public void the_empty_snapshot_has_no_silo_and_no_candidate()
    {
        Assert.Empty(RoutingSnapshot.Empty.Silos);
        Assert.Empty(RoutingSnapshot.Empty.Candidates(Queue, Plain));
    }
}
