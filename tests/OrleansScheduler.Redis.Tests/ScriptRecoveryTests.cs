using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The server forgetting the scripts (restart, failover, SCRIPT FLUSH) costs one reload, not a failed call.</summary>
public sealed class ScriptRecoveryTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly ListLogger<RedisTaskStore> _log = new();

    private RedisTaskStore NewStore() =>
        new(redis.Connection, new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix() }, _clock, _log);

    private int Reloads(string script) => _log.Messages.Count(m => m.Contains($"script {script} "));

    private static TaskSubmission Echo(string queue = "default") => new() { Type = "echo", Queue = queue };

    [Fact]
    public async Task every_transition_still_works_after_a_script_flush()
    {
        var store = NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        await redis.Admin.ScriptFlushAsync();
        var claimed = Assert.Single((await store.ClaimAsync("default", "silo-a", 1)).Tasks);
        await redis.Admin.ScriptFlushAsync();
        Assert.Equal(OutcomeResult.Accepted, await store.ReportProgressAsync(new TaskProgress(id, "default", claimed.Token, 50, null)));
        await redis.Admin.ScriptFlushAsync();
        Assert.Equal([OutcomeResult.Accepted], await store.CompleteAsync([new TaskCompletion(id, "default", claimed.Token, "1")]));
        await redis.Admin.ScriptFlushAsync();
        Assert.Single((await store.ListAsync(new TaskQuery())).Tasks);

        Assert.Equal(TaskState.Succeeded, (await store.GetAsync(id))!.Status);
        Assert.Equal([1, 1, 1, 1], new[] { "claim", "progress", "complete", "list" }.Select(Reloads));
    }

    [Fact]
    public async Task the_failover_scripts_still_work_after_a_script_flush()
    {
        var store = NewStore();
        await store.SubmitAsync([Echo(), Echo()]);
        var claimed = (await store.ClaimAsync("default", "silo-a", 2)).Tasks;

        await redis.Admin.ScriptFlushAsync();
        Assert.Equal([OutcomeResult.Accepted], await store.ReleaseAsync([new TaskRelease(claimed[0].Id, "default", claimed[0].Token)]));
        Assert.Equal([new RunningOwner("silo-a", 1, _clock.GetUtcNow())], await store.ListRunningOwnersAsync("default"));
        Assert.Equal(new FailoverResult(1, 0), await store.RequeueSiloTasksAsync("default", "silo-a", 3));
        Assert.Equal(0, await store.PromoteDueAsync("default"));

        Assert.Equal([1, 1, 1, 1], new[] { "release", "running_owners", "requeue_silo", "promote" }.Select(Reloads));
    }

    [Fact]
    public async Task a_multi_queue_submission_after_a_script_flush_is_stored_exactly_once()
    {
        var store = NewStore();
        await store.SubmitAsync([Echo("a")]);

        await redis.Admin.ScriptFlushAsync();
        var ids = await store.SubmitAsync([Echo("a"), Echo("b"), Echo("a") with { Id = "chosen-1" }]);

        Assert.Equal(3, (await store.ClaimAsync("a", "silo-a", 10)).Tasks.Count);
        Assert.Equal(ids[1], Assert.Single((await store.ClaimAsync("b", "silo-a", 10)).Tasks).Id);
        Assert.Equal(1, Reloads("submit"));
    }

    [Fact]
    public async Task concurrent_calls_that_all_hit_noscript_all_succeed()
    {
        var store = NewStore();
        await store.SubmitAsync(Enumerable.Range(0, 50).Select(_ => Echo()).ToList());

        await redis.Admin.ScriptFlushAsync();
        var batches = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.ClaimAsync("default", "silo-a", 5)));

        Assert.Equal(50, batches.SelectMany(b => b.Tasks).Select(t => t.Id).Distinct().Count());
        Assert.Equal(1, Reloads("claim")); // one reload for all the calls that saw the same NOSCRIPT
    }
}
