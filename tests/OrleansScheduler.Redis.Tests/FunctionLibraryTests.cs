using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// The transitions as one versioned Redis function library: the server forgetting it (restart, failover,
/// FUNCTION FLUSH) costs one reload, not a failed call, and a library of another version beside it is left alone.
/// </summary>
public sealed class FunctionLibraryTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly ListLogger<RedisTaskStore> _log = new();

    private RedisTaskStore NewStore(string? prefix = null) =>
        new(redis.Connection, new RedisStoreOptions { KeyPrefix = prefix ?? RedisServer.NewKeyPrefix() }, _clock, _log);

    private List<string> Reloads() => _log.Messages.Where(m => m.Contains("did not know function", StringComparison.Ordinal)).ToList();

    private static TaskSubmission Echo(string queue = "default") => new() { Type = "echo", Queue = queue };

    private static readonly RedisFunctionLibrary Tasks = new RedisTaskScripts(null!, null!).Library;

    private async Task<List<string>> LibrariesAsync()
    {
        var listed = (RedisResult[])(await redis.Admin.ExecuteAsync("FUNCTION", "LIST"))!;
        return listed.Select(library => (string)((RedisResult[])library!)[1]!).ToList();
    }

    [Fact]
    public void every_script_is_a_function_named_with_the_library_version()
    {
        Assert.Matches("^osched_tasks_[0-9a-f]{12}$", Tasks.Name);
        Assert.Contains($"function_name = 'osched_{Tasks.Version}_claim'", Tasks.Code);
        Assert.Contains($"function_name = 'osched_{Tasks.Version}_complete'", Tasks.Code);
        Assert.DoesNotMatch("(?m)^--#", Tasks.Code);
    }

    [Fact]
    public void the_helpers_are_defined_once_before_the_functions_that_use_them()
    {
        int defined = Tasks.Code.IndexOf("local function event(", StringComparison.Ordinal);
        Assert.True(defined > 0);
        Assert.Equal(defined, Tasks.Code.LastIndexOf("local function event(", StringComparison.Ordinal));
        Assert.True(Tasks.Code.IndexOf("local function pushReady(", StringComparison.Ordinal) < Tasks.Code.IndexOf("local function promoteDue(", StringComparison.Ordinal));
        Assert.True(defined < Tasks.Code.IndexOf("redis.register_function", StringComparison.Ordinal));
    }

    [Fact]
    public void only_the_functions_that_finish_work_may_write_when_redis_is_out_of_memory()
    {
        var oom = System.Text.RegularExpressions.Regex.Matches(Tasks.Code, @"function_name = 'osched_[0-9a-f]+_(?<name>\w+)'(?:(?!register_function).)*?flags = \{'allow-oom'\}",
            System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups["name"].Value);
        Assert.Equal(["complete", "fail", "release"], oom.Order());
    }

    [Fact]
    public async Task every_transition_still_works_after_a_function_flush()
    {
        var store = NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        var claimed = Assert.Single((await store.ClaimAsync("default", "silo-a", 1)).Tasks);
        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        Assert.Equal(OutcomeResult.Accepted, await store.ReportProgressAsync(new TaskProgress(id, "default", claimed.Token, 50, null)));
        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        Assert.Equal([OutcomeResult.Accepted], await store.CompleteAsync([new TaskCompletion(id, "default", claimed.Token, "1")]));
        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        Assert.Single((await store.ListAsync(new TaskQuery())).Tasks);

        Assert.Equal(TaskState.Succeeded, (await store.GetAsync(id))!.Status);
        var reloads = Reloads();
        Assert.Equal(4, reloads.Count);
        Assert.All(new[] { "claim", "progress", "complete", "list" }.Zip(reloads), pair => Assert.Contains($"_{pair.First} ", pair.Second));
    }

    [Fact]
    public async Task the_failover_functions_still_work_after_a_function_flush()
    {
        var store = NewStore();
        await store.SubmitAsync([Echo(), Echo()]);
        var claimed = (await store.ClaimAsync("default", "silo-a", 2)).Tasks;

        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        Assert.Equal([OutcomeResult.Accepted], await store.ReleaseAsync([new TaskRelease(claimed[0].Id, "default", claimed[0].Token)]));
        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        Assert.Equal([new RunningOwner("silo-a", 1, _clock.GetUtcNow())], await store.ListRunningOwnersAsync("default"));
        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        Assert.Equal(new FailoverResult(1, 0), await store.RequeueSiloTasksAsync("default", "silo-a", 3));
        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        Assert.Equal(0, await store.PromoteDueAsync("default"));

        Assert.Equal(4, Reloads().Count);
    }

    [Fact]
    public async Task a_multi_queue_submission_after_a_function_flush_is_stored_exactly_once()
    {
        var store = NewStore();
        await store.SubmitAsync([Echo("a")]);

        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        var ids = await store.SubmitAsync([Echo("a"), Echo("b"), Echo("a") with { Id = "chosen-1" }]);

        Assert.Equal(3, (await store.ClaimAsync("a", "silo-a", 10)).Tasks.Count);
        Assert.Equal(ids[1], Assert.Single((await store.ClaimAsync("b", "silo-a", 10)).Tasks).Id);
        Assert.Single(Reloads());
    }

    [Fact]
    public async Task concurrent_calls_that_all_find_the_functions_missing_all_succeed()
    {
        var store = NewStore();
        await store.SubmitAsync(Enumerable.Range(0, 50).Select(_ => Echo()).ToList());

        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        var batches = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.ClaimAsync("default", "silo-a", 5)));

        Assert.Equal(50, batches.SelectMany(b => b.Tasks).Select(t => t.Id).Distinct().Count());
        Assert.Single(Reloads()); // one reload for all the calls that found the library gone
    }

    [Fact]
    public async Task a_library_of_another_version_stays_loaded_and_callable_beside_this_one()
    {
        // What a silo of the previous release left: the same functions under another version's names.
        string older = Tasks.Code.Replace(Tasks.Version, "000000000000", StringComparison.Ordinal);
        await redis.Admin.ExecuteAsync("FUNCTION", "FLUSH");
        await redis.Admin.ExecuteAsync("FUNCTION", "LOAD", older);

        string prefix = RedisServer.NewKeyPrefix();
        var store = NewStore(prefix);
        var id = (await store.SubmitAsync([Echo()]))[0];
        var claimed = Assert.Single((await store.ClaimAsync("default", "silo-a", 1)).Tasks);

        Assert.Equal(["osched_tasks_000000000000", Tasks.Name], (await LibrariesAsync()).Where(n => n.StartsWith("osched_tasks_", StringComparison.Ordinal)).Order());
        // The older silo still completes the attempt this one claimed, through its own functions.
        var reply = (RedisResult[])(await redis.Connection.GetDatabase().ExecuteAsync("FCALL", "osched_000000000000_complete", 1,
            (RedisKey)$"{prefix}:{{q:default}}", _clock.GetUtcNow().ToUnixTimeMilliseconds(), 0, id, claimed.Token, "1"))!;
        Assert.Equal(0, (long)reply[0]);
        Assert.Equal(TaskState.Succeeded, (await store.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task a_full_redis_refuses_new_submissions_as_unavailable_but_answers_reads_and_lets_running_attempts_end()
    {
        var store = NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo()]);
        var claimed = (await store.ClaimAsync("default", "silo-a", 3)).Tasks;
        await redis.Admin.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        await redis.Admin.ExecuteAsync("CONFIG", "SET", "maxmemory", "1"); // below what the server already uses
        try
        {
            var refused = await Assert.ThrowsAsync<TaskStoreUnavailableException>(() => store.SubmitAsync([Echo()]));
            Assert.Equal(TaskStoreUnavailableReason.OutOfMemory, refused.Reason);
            Assert.StartsWith("Redis is out of memory", refused.Message);
            // reads are no-writes functions, so the API can still show the tasks
            Assert.Equal(TaskState.Running, (await store.GetAsync(claimed[0].Id))!.Status);

            Assert.Equal([OutcomeResult.Accepted], await store.CompleteAsync([new TaskCompletion(claimed[0].Id, "default", claimed[0].Token, "1")]));
            Assert.Equal([OutcomeResult.Accepted], await store.FailAsync([new TaskFailure(claimed[1].Id, "default", claimed[1].Token, "boom", Retryable: false)]));
            Assert.Equal([OutcomeResult.Accepted], await store.ReleaseAsync([new TaskRelease(claimed[2].Id, "default", claimed[2].Token)]));
        }
        finally
        {
            await redis.Admin.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        }
        Assert.Equal(TaskState.Succeeded, (await store.GetAsync(claimed[0].Id))!.Status);
        Assert.Equal(TaskState.Failed, (await store.GetAsync(claimed[1].Id))!.Status);
        Assert.Equal(TaskState.Pending, (await store.GetAsync(claimed[2].Id))!.Status);
    }
}
