using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Executors.Exec;
using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>The program executor on a cluster: results, logs, retries, timeouts and cancels reach the store, and the program's whole tree ends with its attempt.</summary>
public abstract class ExecExecutorTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output), IDisposable
{
    private readonly ExecScripts _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private Task DeployWithShAsync() =>
        DeployAsync(1, silo: silo => silo.Services.Configure<ExecOptions>(ExecScripts.AllowSh));

    [Fact]
    public async Task an_exec_task_succeeds_with_its_stdout_as_the_result_and_its_output_in_the_logs()
    {
        await DeployWithShAsync();
        string id = await SubmitAsync(new TaskSubmission { Type = ExecHandler.Type, Payload = _scripts.Payload("ok.sh", "echo hello from exec\necho careful >&2\n") });

        var task = (await WaitUntilFinishedAsync([id])).Single();

        Assert.Equal(TaskState.Succeeded, task.Status);
        using var result = JsonDocument.Parse(task.Result!);
        Assert.Equal(0, result.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("hello from exec\n", result.RootElement.GetProperty("stdout").GetString());
        var logs = await Eventually.Until(async () => await Storage.Tasks.GetLogsAsync(id) ?? [], l => l.Count >= 2, "both output lines in the task's logs", Patience);
        Assert.Contains(logs, l => l is { Level: "Information", Message: "hello from exec" });
        Assert.Contains(logs, l => l is { Level: "Warning", Message: "careful" });
    }

    [Fact]
    public async Task a_failing_exit_code_is_retried_by_the_tasks_policy_and_ends_failed_with_the_code_in_the_error()
    {
        await DeployWithShAsync();
        string id = await SubmitAsync(new TaskSubmission
        {
            Type = ExecHandler.Type,
            Payload = _scripts.Payload("fail.sh", "echo 'no luck' >&2\nexit 3\n"),
            MaxAttempts = 3,
            Backoff = TimeSpan.FromMilliseconds(10),
        });

        var task = (await WaitUntilFinishedAsync([id])).Single();
        var attempts = await Storage.Tasks.GetAttemptsAsync(id) ?? [];

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Contains("exited with code 3", task.Error);
        Assert.Contains("'no luck'", task.Error);
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(TaskAttemptOutcomes.Failed, a.Outcome));
    }

    [Fact]
    public async Task the_tasks_timeout_kills_the_whole_tree_and_the_attempt_is_recorded_as_timed_out()
    {
        await DeployWithShAsync();
        string id = await SubmitAsync(new TaskSubmission
        {
            Type = ExecHandler.Type,
            Payload = _scripts.TreePayload("slow.sh", out string pidFile),
            MaxAttempts = 1,
            Timeout = TimeSpan.FromSeconds(1),
        });
        var pids = await _scripts.PidsAsync(pidFile);

        var task = (await WaitUntilFinishedAsync([id])).Single();
        await ExecScripts.WaitUntilGoneAsync(pids);

        Assert.Equal(TaskState.Failed, task.Status);
        var attempt = Assert.Single(await Storage.Tasks.GetAttemptsAsync(id) ?? []);
        // The sweep may time the attempt out in the store before the handler's own timeout is recorded: either says so.
        Assert.True(attempt.Outcome == TaskAttemptOutcomes.TimedOut || attempt.Error?.Contains("timed out", StringComparison.Ordinal) == true,
            $"the attempt ended {attempt.Outcome}: {attempt.Error}");
    }

    [Fact]
    public async Task canceling_the_running_task_kills_the_whole_tree()
    {
        await DeployWithShAsync();
        string id = await SubmitAsync(new TaskSubmission { Type = ExecHandler.Type, Payload = _scripts.TreePayload("long.sh", out string pidFile) });
        var pids = await _scripts.PidsAsync(pidFile);

        var canceled = await Client.GetGrain<ITaskGrain>(id).CancelAsync();
        await ExecScripts.WaitUntilGoneAsync(pids);

        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.Equal(TaskState.Canceled, (await GetAsync(id)).Status);
    }
}
