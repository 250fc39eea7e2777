using OrleansScheduler.Cli.Tests.Infrastructure;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>silos</c>, <c>watch</c> and <c>workflows</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SiloAndWatchTests(GatewayFixture gateway)
{
    [Fact]
    public async Task silos_lists_the_active_silo_that_hosts_the_scheduler()
    {
        var silos = (await gateway.Client.ListSilosAsync()).Silos;

        var table = (await gateway.RunAsync("silos")).ExitsWith(ExitCodes.Ok);
        var json = (await gateway.RunAsync("silos", "-o", "json")).ExitsWith(ExitCodes.Ok).Json();

        Assert.Contains(silos[0].Id, table.Out);
        Assert.Contains("Active", table.Out);
        Assert.Equal(silos[0].Id, json.GetProperty("silos")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task watch_off_a_terminal_prints_a_tasks_events_as_json_lines_until_it_succeeds()
    {
        string id = "cli-watch-" + Guid.NewGuid().ToString("N")[..8];
        (await gateway.RunAsync("submit", "sleep", """{"ms":300}""", "--id", id, "--queue", GatewayFixture.WorkedQueue)).ExitsWith(ExitCodes.Ok);

        var run = (await gateway.RunAsync("watch", id)).ExitsWith(ExitCodes.Ok);

        var events = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["submitted", "started", "succeeded"], events.Select(e => e.GetProperty("type").GetString()).Where(t => t != "promoted"));
        Assert.All(events, e => Assert.Equal(id, e.GetProperty("taskId").GetString()));
        Assert.Equal("Succeeded", events[^1].GetProperty("to").GetString());
    }

    [Fact]
    public async Task watch_of_an_unknown_task_exits_2()
    {
        (await gateway.RunAsync("watch", "no-such-task")).ExitsWith(ExitCodes.Refused);
    }

    [Fact]
    public async Task workflows_get_of_an_unknown_id_exits_2()
    {
        (await gateway.RunAsync("workflows", "get", "no-such-workflow")).ExitsWith(ExitCodes.Refused);
    }
}
