using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class FanOutTests
{
    private static readonly Dictionary<string, string> Europe = new() { ["zone"] = "eu-1" };

    private static TaskSubmission Task(TaskRouting routing) => new()
    {
        Type = "warm-cache",
        Queue = Queue,
        Payload = "{\"region\":\"eu\"}",
        Priority = 7,
        RunAt = At.AddMinutes(5),
        MaxAttempts = 4,
        Timeout = TimeSpan.FromSeconds(42),
        Backoff = TimeSpan.FromSeconds(3),
        Id = "job-1",
        IdempotencyKey = "warm-2026-01-01",
        Routing = routing,
    };

    private static readonly RoutingSnapshot Silos3 = Snapshot(
        Silo("c", labels: Europe), Silo("a", labels: Europe), Silo("b", labels: Europe), Silo("draining", labels: Europe, claiming: false));

    [Fact]
    public void a_broadcast_becomes_one_copy_per_candidate_each_routed_to_its_silo()
    {
        var routing = new TaskRouting { Strategy = RoutingStrategy.Broadcast, Cost = 2, Labels = Europe, ConcurrencyKey = "cache", MaxConcurrent = 3 };

        var family = FanOut.Expand(Task(routing), Silos3, roundRobinStart: 99);

        Assert.Equal(["a", "b", "c"], family.Children.Select(c => c.RoutedTo));
        Assert.All(family.Children, c =>
        {
            Assert.Equal(new TaskRouting { Strategy = RoutingStrategy.Broadcast, Silo = c.RoutedTo, Cost = 2, Labels = Europe, ConcurrencyKey = "cache", MaxConcurrent = 3 }, c.Routing);
            Assert.Empty(TaskRoutingValidator.Validate(c.Routing!));
        });
        Assert.Equal(ChildFailurePolicy.Collect, family.Policy);
    }

    [Fact]
    public void every_child_is_a_copy_of_the_task_without_its_id_or_key_and_the_join_keeps_them()
    {
        var task = Task(new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 2 });

        var family = FanOut.Expand(task, Silos3, 0);

        Assert.All(family.Children, c =>
        {
            Assert.Equal((task.Type, task.Queue, task.Payload, task.Priority, task.RunAt, task.MaxAttempts, task.Timeout, task.Backoff),
                (c.Type, c.Queue, c.Payload, c.Priority, c.RunAt, c.MaxAttempts, c.Timeout, c.Backoff));
            Assert.Null(c.Id);
            Assert.Null(c.IdempotencyKey);
        });
        Assert.Equal(task with { Type = GroupJoinHandler.Type, Routing = null }, family.Join);
    }

    [Fact]
    public void a_broadcast_with_no_silo_to_go_to_is_refused_naming_the_queue_and_labels()
    {
        var routing = new TaskRouting { Strategy = RoutingStrategy.Broadcast, Labels = new Dictionary<string, string> { ["gpu"] = "true" } };

        var refused = Assert.Throws<ArgumentException>(() => FanOut.Expand(Task(routing), Silos3, 0));

        Assert.Contains($"no Active silo serves queue '{Queue}' with labels gpu=true", refused.Message);
    }

    [Fact]
    public void shards_cover_every_index_once_and_continue_the_rotation_from_its_start()
    {
        var routing = new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 5, Cost = 2, Labels = Europe, ReassignAfterMs = 5000 };

        var family = FanOut.Expand(Task(routing), Silos3, roundRobinStart: 7);

        Assert.Equal([0, 1, 2, 3, 4], family.Children.Select(c => c.Routing!.ShardIndex));
        Assert.Equal(["b", "c", "a", "b", "c"], family.Children.Select(c => c.RoutedTo));
        Assert.All(family.Children, c =>
        {
            Assert.Equal((RoutingStrategy.Sharding, 5, 2, 5000), (c.Routing!.Strategy, c.Routing.Shards, c.Routing.Cost, c.Routing.ReassignAfterMs));
            Assert.Equal(Europe, c.Routing.Labels);
            Assert.Empty(TaskRoutingValidator.Validate(c.Routing));
        });
    }

    [Fact]
    public void shards_with_no_silo_to_go_to_wait_for_one()
    {
        var family = FanOut.Expand(Task(new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 3 }), RoutingSnapshot.Empty, 0);

        Assert.All(family.Children, c => Assert.Equal(TaskRouting.NoSilo, c.RoutedTo));
    }

    [Theory]
    [InlineData(RoutingStrategy.Shared)]
    [InlineData(RoutingStrategy.RoundRobin)]
    [InlineData(RoutingStrategy.Pinned)]
    public void only_broadcast_and_sharding_fan_out(RoutingStrategy strategy)
    {
        Assert.Throws<ArgumentException>(() => FanOut.Expand(Task(new TaskRouting { Strategy = strategy }), Silos3, 0));
    }
}
