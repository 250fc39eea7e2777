using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

/// <summary>Scheduler:MaxResultBytes bounds what a handler may return, counted in UTF-8 bytes of the JSON.</summary>
public sealed class ResultSizeLimitTests
{
    [Fact]
    public async Task a_result_over_the_limit_fails_the_task_at_once_naming_its_size_and_the_limit()
    {
        await using var silo = WorkerHarness.Start(o => o.MaxResultBytes = 100);
        string payload = "\"" + new string('a', 150) + "\""; // echo returns it: 152 bytes of JSON
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "echo", Payload = payload, MaxAttempts = 3 }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal(1, task.Attempt);
        Assert.Null(task.Result);
        Assert.Equal($"The result of task '{id}' is 152 bytes; the limit is 100 (Scheduler:MaxResultBytes).", task.Error);
    }

    [Fact]
    public async Task the_limit_counts_utf8_bytes_not_characters()
    {
        await using var silo = WorkerHarness.Start(o => o.MaxResultBytes = 100);
        string payload = "\"" + new string('é', 60) + "\""; // 62 characters, 122 bytes
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "echo", Payload = payload }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Contains("is 122 bytes; the limit is 100", task.Error);
    }

    [Fact]
    public async Task a_result_exactly_at_the_limit_is_stored()
    {
        await using var silo = WorkerHarness.Start(o => o.MaxResultBytes = 100);
        string payload = "\"" + new string('a', 98) + "\"";
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "echo", Payload = payload }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal(payload, task.Result);
    }

    [Fact]
    public async Task the_default_limit_of_64_kib_refuses_a_70000_byte_result()
    {
        await using var silo = WorkerHarness.Start();
        string payload = "\"" + new string('a', 69_998) + "\"";
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "echo", Payload = payload }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal($"The result of task '{id}' is 70000 bytes; the limit is 65536 (Scheduler:MaxResultBytes).", task.Error);
    }
}
