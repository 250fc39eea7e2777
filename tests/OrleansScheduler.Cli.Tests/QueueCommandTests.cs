using OrleansScheduler.Cli.Tests.Infrastructure;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>queues</c>, <c>queue pause|resume|limits</c> and <c>dlq ls|retry</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class QueueCommandTests(GatewayFixture gateway)
{
    private static string NewQueue() => "cli-q-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task queues_shows_each_queues_counts_and_json_has_the_stats()
    {
        string queue = NewQueue();
        (await gateway.RunAsync("submit", "echo", "--queue", queue, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);

        var table = (await gateway.RunAsync("queues")).ExitsWith(ExitCodes.Ok);
        var json = (await gateway.RunAsync("queues", "-o", "json")).ExitsWith(ExitCodes.Ok).Json();

        Assert.Matches($@"(?m)^\s*{queue}\s+\S*\s*0\s+1\s", table.Out);
        var stats = json.GetProperty("stats").EnumerateArray().Single(s => s.GetProperty("name").GetString() == queue);
        Assert.Equal(1, stats.GetProperty("counts").GetProperty("scheduled").GetInt32());
        Assert.Contains(queue, json.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
    }

    [Fact]
    public async Task queue_pause_and_resume_change_whether_the_queue_is_paused()
    {
        string queue = NewQueue();

        Assert.True((await gateway.RunAsync("queue", "pause", queue, "-o", "json")).ExitsWith(ExitCodes.Ok).Json().GetProperty("paused").GetBoolean());
        Assert.Contains(queue, (await gateway.Client.GetQueueListAsync()).Paused);
        var resumed = (await gateway.RunAsync("queue", "resume", queue)).ExitsWith(ExitCodes.Ok);

        Assert.Contains("no", resumed.Out);
        Assert.DoesNotContain(queue, (await gateway.Client.GetQueueListAsync()).Paused);
    }

    [Fact]
    public async Task queue_limits_changes_only_the_limits_given()
    {
        string queue = NewQueue();
        (await gateway.RunAsync("queue", "limits", queue, "--max-concurrency", "3")).ExitsWith(ExitCodes.Ok);
        (await gateway.RunAsync("queue", "limits", queue, "--rate", "2.5")).ExitsWith(ExitCodes.Ok);

        var limits = (await gateway.RunAsync("queue", "limits", queue, "-o", "json")).ExitsWith(ExitCodes.Ok).Json();

        Assert.Equal(3, limits.GetProperty("maxConcurrency").GetInt32());
        Assert.Equal(2.5, limits.GetProperty("ratePerSecond").GetDouble());
    }

    [Fact]
    public async Task a_limit_out_of_range_names_the_field_and_exits_2()
    {
        var run = (await gateway.RunAsync("queue", "limits", NewQueue(), "--max-concurrency", "0")).ExitsWith(ExitCodes.Refused);

        Assert.Matches(@"(?m)^maxConcurrency: .+", run.Error);
    }

    [Fact]
    public async Task dlq_ls_shows_a_failed_task_and_dlq_retry_runs_it_again()
    {
        string queue = GatewayFixture.WorkedQueue;
        string id = "cli-dlq-" + Guid.NewGuid().ToString("N")[..8];
        (await gateway.RunAsync("submit", "fail", """{"times":1}""", "--queue", queue, "--id", id, "--max-attempts", "1")).ExitsWith(ExitCodes.Ok);
        await Eventually.Until(() => gateway.Client.GetAsync(id), t => t?.Status == TaskState.Failed, $"task {id} to be dead-lettered");

        Assert.Contains(id, (await gateway.RunAsync("dlq", "ls", queue)).ExitsWith(ExitCodes.Ok).Out);
        var retry = (await gateway.RunAsync("dlq", "retry", queue, id, "no-such-task", "-o", "json")).ExitsWith(ExitCodes.Ok).Json();

        Assert.Equal([id], retry.GetProperty("retried").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("NotFound", retry.GetProperty("skipped")[0].GetProperty("reason").GetString());
    }
}
