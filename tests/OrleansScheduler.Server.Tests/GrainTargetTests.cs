using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// Tasks that target one of the application's grains (DESIGN.md §9): the worker engine calls the grain registered
/// under the target's name once per attempt, with the task's retries, timeout, cancellation, progress and failover.
/// </summary>
public abstract class GrainTargetTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output), IAsyncLifetime
{
    private readonly TargetLedger _grains = new();

    // No held call may outlive a failed test and hold up the silos' stop.
    Task IAsyncLifetime.DisposeAsync()
    {
        _grains.OpenGate();
        return DisposeAsync();
    }

    [Fact]
    public async Task a_task_for_a_registered_grain_runs_in_the_grain_with_its_key_and_keeps_its_result()
    {
        await DeployWithOrdersAsync(2);
        string id = await SubmitAsync(Order("ok", key: "order-42"));

        var task = await WaitForAsync(id, TaskState.Succeeded);

        var call = Assert.Single(_grains.CallsOf(id));
        Assert.Equal("order-42", call.Key);
        Assert.Equal((OrderTargetGrain.Name, 1, "default"), (call.Run.Type, call.Run.Attempt, call.Run.Queue));
        Assert.Equal(task.Silo, call.Run.SiloId);
        using var result = JsonDocument.Parse(task.Result!);
        Assert.Equal("order-42", result.RootElement.GetProperty("order").GetString());
        Assert.Equal(new TaskTarget { Grain = OrderTargetGrain.Name, Key = "order-42" }, task.Target);
    }

    [Fact]
    public async Task a_target_without_a_key_is_keyed_by_the_tasks_id()
    {
        await DeployWithOrdersAsync(1);
        string id = await SubmitAsync(Order("ok"));

        await WaitForAsync(id, TaskState.Succeeded);

        Assert.Equal(id, Assert.Single(_grains.CallsOf(id)).Key);
    }

    [Fact]
    public async Task a_call_that_throws_is_retried_by_the_tasks_policy_and_the_grain_sees_each_attempt()
    {
        await DeployWithOrdersAsync(2);
        string id = await SubmitAsync(Order("flaky") with { MaxAttempts = 3, Backoff = TimeSpan.Zero });

        var task = await WaitForAsync(id, TaskState.Succeeded);

        Assert.Equal([1, 2], _grains.CallsOf(id).Select(c => c.Run.Attempt));
        Assert.Equal(2, task.Attempt);
        var first = (await Storage.Tasks.GetAttemptsAsync(id))![0];
        Assert.Contains("is not ready on attempt 1", first.Error);
    }

    [Fact]
    public async Task a_non_retryable_exception_thrown_in_the_grain_fails_the_task_at_once()
    {
        await DeployWithOrdersAsync(2);
        string id = await SubmitAsync(Order("refuse", key: "order-7") with { MaxAttempts = 5 });

        var task = await WaitForAsync(id, TaskState.Failed);

        Assert.Equal(1, task.Attempt);
        Assert.Equal("order order-7 is refused", task.Error);
    }

    [Fact]
    public async Task a_retry_after_thrown_in_the_grain_makes_the_next_attempt_wait_for_it()
    {
        await DeployWithOrdersAsync(3);
        string id = await SubmitAsync(Order("busy", key: "order-8", ms: 1500) with { MaxAttempts = 3, Backoff = TimeSpan.Zero });

        var task = await WaitForAsync(id, TaskState.Succeeded);

        var attempts = (await Storage.Tasks.GetAttemptsAsync(id))!;
        Assert.Equal(2, attempts.Count);
        Assert.Equal("order order-8 is locked", attempts[0].Error);
        Assert.True(attempts[1].StartedAt - attempts[0].FinishedAt >= TimeSpan.FromMilliseconds(1500),
            $"the second attempt started {(attempts[1].StartedAt - attempts[0].FinishedAt)!.Value.TotalMilliseconds:0} ms after the first failed");
        Assert.Equal(2, task.Attempt);
    }

    [Fact]
    public async Task canceling_a_running_task_fires_the_token_the_grain_was_given()
    {
        await DeployWithOrdersAsync(2);
        string id = await SubmitAsync(Order("hold"));
        await Eventually.Until(() => Task.FromResult(_grains.CallsOf(id)), c => c.Count == 1, "the grain to be called", Patience);

        var canceled = await Client.GetGrain<ITaskGrain>(id).CancelAsync();

        Assert.Equal(TaskState.Canceled, canceled.Status);
        await Eventually.Until(() => Task.FromResult(_grains.Cancellations), c => c.Any(x => x.Run.TaskId == id), "the grain to see its token fire", Patience);
    }

    [Fact]
    public async Task the_tasks_timeout_ends_the_call_and_the_grain_sees_its_token_fire()
    {
        await DeployWithOrdersAsync(1);
        string id = await SubmitAsync(Order("hold") with { Timeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 1 });

        var task = await WaitForAsync(id, TaskState.Failed);

        Assert.Contains("timed out after 500 ms", task.Error);
        // The caller stops waiting at once; the cancellation reaches the grain a moment later.
        await Eventually.Until(() => Task.FromResult(_grains.Cancellations), c => c.Any(x => x.Run.TaskId == id), "the grain to see its token fire", Patience);
    }

    [Fact]
    public async Task a_call_longer_than_orleans_response_timeout_completes_within_the_tasks_timeout()
    {
        await DeployWithOrdersAsync(1, silo => silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(1)));
        string id = await SubmitAsync(Order("slow", ms: 2500) with { Timeout = TimeSpan.FromSeconds(15) });

        var task = await WaitForAsync(id, TaskState.Succeeded);

        Assert.Equal(1, task.Attempt);
    }

    [Fact]
    public async Task progress_the_grain_reports_shows_on_the_task()
    {
        await DeployWithOrdersAsync(2);
        string id = await SubmitAsync(Order("progress"));

        var running = await Eventually.Until(() => GetAsync(id), t => t.Progress == 50, "the grain's progress on the task", Patience);
        _grains.OpenGate();

        Assert.Equal("half the lines packed", running.ProgressMessage);
        await WaitForAsync(id, TaskState.Succeeded);
    }

    [Fact]
    public async Task a_grain_name_no_silo_registered_fails_after_its_attempts_naming_what_is_registered()
    {
        await DeployWithOrdersAsync(1);
        string id = await SubmitAsync(Order("ok") with { Target = new TaskTarget { Grain = "invoices" }, MaxAttempts = 2, Backoff = TimeSpan.Zero });

        var task = await WaitForAsync(id, TaskState.Failed);

        Assert.Equal(2, task.Attempt);
        Assert.Contains("No grain is registered as 'invoices'", task.Error);
        Assert.Contains("it registers: orders", task.Error);
        Assert.Empty(_grains.CallsOf(id));
    }

    [Fact]
    public async Task a_result_that_is_not_json_fails_the_task_at_once()
    {
        await DeployWithOrdersAsync(1);
        string id = await SubmitAsync(Order("text") with { MaxAttempts = 3 });

        var task = await WaitForAsync(id, TaskState.Failed);

        Assert.Equal(1, task.Attempt);
        Assert.Contains("that is not JSON", task.Error);
    }

    [Fact]
    public async Task when_the_silo_running_the_call_is_killed_the_task_runs_again_elsewhere_and_ends_once()
    {
        var cluster = await DeployWithOrdersAsync(3);
        string id = await SubmitAsync(Order("hold", key: "order-9"));
        await Eventually.Until(() => Task.FromResult(_grains.CallsOf(id)), c => c.Count == 1, "the grain's first call", Patience);
        string first = (await GetAsync(id)).Silo!;

        await cluster.KillSiloAsync(cluster.FindSilo(first));
        var calls = await Eventually.Until(() => Task.FromResult(_grains.CallsOf(id)), c => c.Count == 2, "the grain's call from another silo", Patience);
        _grains.OpenGate();
        var task = await WaitForAsync(id, TaskState.Succeeded);

        Assert.Equal(first, calls[0].Run.SiloId);
        Assert.NotEqual(first, calls[1].Run.SiloId);
        Assert.All(calls, c => Assert.Equal("order-9", c.Key));
        Assert.Equal(calls[1].Run.SiloId, task.Silo);
        using var result = JsonDocument.Parse(task.Result!);
        Assert.Equal(calls[1].Run.SiloId, result.RootElement.GetProperty("silo").GetString());
    }

    private Task<SchedulerCluster> DeployWithOrdersAsync(int silos, Action<ISiloBuilder>? more = null) =>
        DeployAsync(silos, silo: silo =>
        {
            silo.AddTaskTargetGrain<OrderTargetGrain>(OrderTargetGrain.Name);
            silo.Services.AddSingleton(_grains);
            more?.Invoke(silo);
        });

    private static TaskSubmission Order(string mode, string? key = null, int ms = 0) => new()
    {
        Type = OrderTargetGrain.Name,
        Payload = JsonSerializer.Serialize(new { mode, ms }),
        Target = new TaskTarget { Grain = OrderTargetGrain.Name, Key = key },
    };

    /// <summary>Waits until the task is terminal and checks it ended <paramref name="status"/>.</summary>
    private async Task<TaskRecord> WaitForAsync(string id, TaskState status)
    {
        var task = await Eventually.Until(() => GetAsync(id), t => t.Status.IsTerminal(), $"task {id} to end {status}", Patience);
        Assert.True(task.Status == status, $"task {id} ended {task.Status} ({task.Error}), not {status}");
        return task;
    }
}
