using OrleansScheduler.Cli.Tests.Infrastructure;
using OrleansScheduler.Client;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>schedules add|ls|rm</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScheduleCommandTests(GatewayFixture gateway)
{
    [Fact]
    public async Task a_schedule_added_is_listed_until_it_is_removed()
    {
        string name = "cli-sched-" + Guid.NewGuid().ToString("N")[..8];

        var added = (await gateway.RunAsync("schedules", "add", name, "0 3 * * *", "echo", """{"nightly":true}""", "--queue", "cli-sched", "-o", "json")).ExitsWith(ExitCodes.Ok).Json();
        Assert.Equal("0 3 * * *", added.GetProperty("cron").GetString());
        Assert.True(added.GetProperty("task").GetProperty("payload").GetProperty("nightly").GetBoolean());

        var listed = (await gateway.RunAsync("schedules", "ls")).ExitsWith(ExitCodes.Ok);
        Assert.Contains(name, listed.Out);
        Assert.Contains("0 3 * * *", listed.Out);

        (await gateway.RunAsync("schedules", "rm", name)).ExitsWith(ExitCodes.Ok);
        Assert.Null(await gateway.Client.GetScheduleAsync(name));
        Assert.DoesNotContain(name, (await gateway.RunAsync("schedules", "ls")).ExitsWith(ExitCodes.Ok).Out);
    }

    [Fact]
    public async Task adding_a_taken_name_exits_2_and_replace_overwrites_it()
    {
        string name = "cli-taken-" + Guid.NewGuid().ToString("N")[..8];
        (await gateway.RunAsync("schedules", "add", name, "0 3 * * *", "echo")).ExitsWith(ExitCodes.Ok);

        (await gateway.RunAsync("schedules", "add", name, "0 4 * * *", "echo")).ExitsWith(ExitCodes.Refused);
        var replaced = (await gateway.RunAsync("schedules", "add", name, "0 4 * * *", "echo", "--replace", "-o", "json")).ExitsWith(ExitCodes.Ok).Json();

        Assert.Equal("0 4 * * *", replaced.GetProperty("cron").GetString());
        (await gateway.RunAsync("schedules", "rm", name)).ExitsWith(ExitCodes.Ok);
    }

    [Fact]
    public async Task a_bad_cron_expression_names_the_field_and_exits_2()
    {
        var run = (await gateway.RunAsync("schedules", "add", "cli-bad-cron", "every day", "echo")).ExitsWith(ExitCodes.Refused);

        Assert.Matches(@"(?m)^cron: .+", run.Error);
    }

    [Fact]
    public async Task removing_an_unknown_schedule_exits_2()
    {
        (await gateway.RunAsync("schedules", "rm", "cli-no-such-schedule")).ExitsWith(ExitCodes.Refused);
    }
}
