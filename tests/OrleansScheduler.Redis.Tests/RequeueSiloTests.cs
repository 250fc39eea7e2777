using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>requeue_silo.lua (failover) and release.lua beyond the contract: races between sweepers, stray ids, ordering, wording.</summary>
public sealed class RequeueSiloTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private static TaskSubmission Echo(int priority = 0) => new() { Type = "echo", Priority = priority };

    [Fact]
    public async Task sweepers_requeueing_the_same_dead_silo_at_once_on_separate_connections_requeue_each_task_once()
    {
        const int tasks = 200, sweepers = 4;
        string prefix = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, prefix);
        await store.SubmitAsync(Enumerable.Range(0, tasks).Select(_ => Echo()).ToList());
        var claimed = (await store.ClaimAsync("default", "silo-1.a", tasks)).Tasks;
        using var connections = await redis.ConnectMany(sweepers);

        var results = await Task.WhenAll(connections.All.Select(connection =>
            redis.NewStore(_clock, prefix, connection).RequeueSiloTasksAsync("default", "silo-1.a", maxFailovers: 3)));

        Assert.Equal(new FailoverResult(tasks, 0), new FailoverResult(results.Sum(r => r.Requeued), results.Sum(r => r.Poisoned)));
        foreach (var lost in claimed)
        {
            var task = (await store.GetAsync(lost.Id))!;
            Assert.Equal((TaskState.Pending, 1, 0, lost.Token + 1), (task.Status, task.Failovers, task.Attempt, task.Token));
        }
        Assert.Equal(new FailoverResult(0, 0), await store.RequeueSiloTasksAsync("default", "silo-1.a", 3));
    }

    [Fact]
    public async Task ids_left_in_a_dead_silos_running_set_for_tasks_that_moved_on_are_left_alone()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, prefix);
        var ids = await store.SubmitAsync([Echo(), Echo()]);
        var elsewhere = Assert.Single((await store.ClaimAsync("default", "silo-2.a", 1)).Tasks);
        var finished = Assert.Single((await store.ClaimAsync("default", "silo-2.a", 1)).Tasks);
        await store.CompleteAsync([new TaskCompletion(finished.Id, "default", finished.Token, "1")]);
        var db = redis.Connection.GetDatabase();
        string deadSet = $"{prefix}:{{q:default}}:running:silo-1.a";
        await db.SetAddAsync(deadSet, [elsewhere.Id, finished.Id]);

        Assert.Equal(new FailoverResult(0, 0), await store.RequeueSiloTasksAsync("default", "silo-1.a", 3));

        var running = (await store.GetAsync(elsewhere.Id))!;
        Assert.Equal((TaskState.Running, "silo-2.a", elsewhere.Token, 0), (running.Status, running.Silo, running.Token, running.Failovers));
        Assert.Equal(TaskState.Succeeded, (await store.GetAsync(finished.Id))!.Status);
        Assert.False(await db.KeyExistsAsync(deadSet));
    }

    [Fact]
    public async Task requeued_tasks_keep_their_priority_and_their_creation_order_within_it()
    {
        var store = redis.NewStore(_clock);
        var ids = await store.SubmitAsync(Enumerable.Range(0, 20).Select(i => Echo(priority: i % 2 * 5)).ToList());
        await store.ClaimAsync("default", "silo-1.a", 20);

        await store.RequeueSiloTasksAsync("default", "silo-1.a", 3);

        var rerun = (await store.ClaimAsync("default", "silo-2.a", 20)).Tasks;
        Assert.Equal(ids.Where((_, i) => i % 2 == 1).Concat(ids.Where((_, i) => i % 2 == 0)), rerun.Select(t => t.Id));
    }

    [Fact]
    public async Task a_handed_back_task_keeps_its_priority()
    {
        var store = redis.NewStore(_clock);
        var ids = await store.SubmitAsync([Echo(), Echo(priority: 5)]);
        var claimed = (await store.ClaimAsync("default", "silo-1.a", 2)).Tasks.OrderBy(t => t.Id == ids[1]).ToList();

        await store.ReleaseAsync(claimed.Select(t => new TaskRelease(t.Id, "default", t.Token)).ToList());

        Assert.Equal(ids[1], Assert.Single((await store.ClaimAsync("default", "silo-2.a", 1)).Tasks).Id);
    }

    [Fact]
    public async Task a_poison_task_fails_with_the_same_words_as_in_the_in_memory_store()
    {
        var stores = new ITaskStore[] { new InMemoryTaskStore(_clock), redis.NewStore(_clock) };
        var errors = new List<string?>();
        foreach (var store in stores)
        {
            await store.SubmitAsync([Echo() with { Id = "poison-1" }]);
            for (int death = 1; death <= 2; death++)
            {
                await store.ClaimAsync("default", $"silo-{death}.a", 1);
                await store.RequeueSiloTasksAsync("default", $"silo-{death}.a", maxFailovers: 1);
            }
            errors.Add((await store.GetAsync("poison-1"))!.Error);
        }

        Assert.Equal("Task 'poison-1' is poison: the silos running it died 2 times (last 'silo-2.a'), more than MaxFailovers (1).", errors[1]);
        Assert.Equal(errors[0], errors[1]);
    }
}
