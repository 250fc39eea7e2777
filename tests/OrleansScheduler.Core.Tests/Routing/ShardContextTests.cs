using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class ShardContextTests
{
    private static TaskContext Context(TaskRouting? routing) =>
        new(new ClaimedTask("job.2", Queue, "index", "null", 1, 3, 1, TimeSpan.FromMinutes(1), At) { Routing = routing },
            "silo-1", CancellationToken.None, NullLogger.Instance, (_, _) => Task.CompletedTask);

    [Fact]
    public void a_shard_knows_its_index_and_how_many_shards_there_are()
    {
        var context = Context(new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 5, ShardIndex = 2 });

        Assert.Equal((2, 5), (context.ShardIndex, context.ShardTotal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(RoutingStrategy.Broadcast)]
    [InlineData(RoutingStrategy.RoundRobin)]
    public void a_task_that_is_no_shard_has_neither(RoutingStrategy? strategy)
    {
        var context = Context(strategy is { } s ? new TaskRouting { Strategy = s } : null);

        Assert.Null(context.ShardIndex);
        Assert.Null(context.ShardTotal);
    }

    [Fact]
    public async Task a_sharded_task_run_by_an_engine_runs_each_shard_on_its_silo_and_joins_them_in_order()
    {
        await using var silo = WorkerHarness.Start(handlers: h => h.AddHandler<GroupJoinHandler>(GroupJoinHandler.Type).AddHandler<ShardHandler>("shard"));
        var task = new TaskSubmission { Type = "shard", Id = "split", Routing = new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 3 } };

        await silo.Store.SubmitFamilyAsync(FanOut.Expand(task, Snapshot(Silo(WorkerHarness.DefaultSiloId)), roundRobinStart: 0));
        var joined = await silo.WaitForTerminalAsync("split");

        Assert.True(joined.Status == TaskState.Succeeded, joined.Error);
        Assert.Equal("{\"children\":3,\"succeeded\":3,\"failed\":0,\"results\":[\"0/3\",\"1/3\",\"2/3\"]}", joined.Result);
    }

    /// <summary><c>shard</c>: returns "index/total".</summary>
    private sealed class ShardHandler : ITaskHandler
    {
        public Task<object?> HandleAsync(TaskContext context) => Task.FromResult<object?>($"{context.ShardIndex}/{context.ShardTotal}");
    }
}
