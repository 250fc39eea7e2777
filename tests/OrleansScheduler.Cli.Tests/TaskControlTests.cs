using OrleansScheduler.Cli.Tests.Infrastructure;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>cancel</c>, <c>pause</c>, <c>resume</c>, <c>retry</c> and <c>delete</c> of one task.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TaskControlTests(GatewayFixture gateway)
{
    private async Task<string> SubmitDelayedAsync()
    {
        string id = "cli-ctl-" + Guid.NewGuid().ToString("N")[..12];
        (await gateway.RunAsync("submit", "echo", "--id", id, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);
        return id;
    }

    [Fact]
    public async Task cancel_of_a_delayed_task_leaves_it_canceled()
    {
        string id = await SubmitDelayedAsync();

        var run = (await gateway.RunAsync("cancel", id)).ExitsWith(ExitCodes.Ok);

        Assert.Contains("Canceled", run.Out);
        Assert.Equal(TaskState.Canceled, (await gateway.Client.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task pause_resume_retry_and_delete_move_the_task_as_the_api_does()
    {
        string id = await SubmitDelayedAsync();

        Assert.Equal("Paused", (await gateway.RunAsync("pause", id, "-o", "json")).ExitsWith(ExitCodes.Ok).Json().GetProperty("status").GetString());
        Assert.Equal("Scheduled", (await gateway.RunAsync("resume", id, "-o", "json")).ExitsWith(ExitCodes.Ok).Json().GetProperty("status").GetString());
        (await gateway.RunAsync("cancel", id)).ExitsWith(ExitCodes.Ok);
        Assert.Equal("Pending", (await gateway.RunAsync("retry", id, "-o", "json")).ExitsWith(ExitCodes.Ok).Json().GetProperty("status").GetString());
        (await gateway.RunAsync("delete", id)).ExitsWith(ExitCodes.Ok);

        Assert.Null(await gateway.Client.GetAsync(id));
    }

    [Fact]
    public async Task a_change_the_tasks_state_does_not_allow_prints_the_409_and_exits_2()
    {
        string id = await SubmitDelayedAsync();
        (await gateway.RunAsync("cancel", id)).ExitsWith(ExitCodes.Ok);

        var run = (await gateway.RunAsync("pause", id)).ExitsWith(ExitCodes.Refused);

        Assert.Contains("409", run.Error);
        Assert.Contains(id, run.Error);
    }

    [Fact]
    public async Task cancel_of_an_unknown_id_exits_2()
    {
        var run = (await gateway.RunAsync("cancel", "no-such-task")).ExitsWith(ExitCodes.Refused);

        Assert.Contains("404", run.Error);
    }
}
