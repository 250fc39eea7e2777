using OrleansScheduler.Cli.Tests.Infrastructure;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>ls</c>: filters by queue and state, and pages with <c>--after</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ListTests(GatewayFixture gateway)
{
    [Fact]
    public async Task ls_lists_only_the_queue_and_state_asked_for()
    {
        string queue = "cli-ls-" + Guid.NewGuid().ToString("N")[..8];
        string delayed = queue + "-delayed", paused = queue + "-paused";
        (await gateway.RunAsync("submit", "echo", "--queue", queue, "--id", delayed, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);
        (await gateway.RunAsync("submit", "echo", "--queue", queue, "--id", paused, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);
        (await gateway.RunAsync("pause", paused)).ExitsWith(ExitCodes.Ok);

        var all = (await gateway.RunAsync("ls", "--queue", queue)).ExitsWith(ExitCodes.Ok);
        var scheduled = (await gateway.RunAsync("ls", "--queue", queue, "--status", "Scheduled")).ExitsWith(ExitCodes.Ok);

        Assert.Contains(delayed, all.Out);
        Assert.Contains(paused, all.Out);
        Assert.Contains(delayed, scheduled.Out);
        Assert.DoesNotContain(paused, scheduled.Out);
    }

    [Fact]
    public async Task ls_pages_with_the_cursor_the_previous_page_ended_with()
    {
        string queue = "cli-page-" + Guid.NewGuid().ToString("N")[..8];
        string[] ids = [queue + "-a", queue + "-b", queue + "-c"];
        foreach (string id in ids) (await gateway.RunAsync("submit", "echo", "--queue", queue, "--id", id, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);

        var first = (await gateway.RunAsync("ls", "--queue", queue, "--limit", "2", "-o", "json")).ExitsWith(ExitCodes.Ok).Json();
        string cursor = first.GetProperty("nextCursor").GetString()!;
        var second = (await gateway.RunAsync("ls", "--queue", queue, "--limit", "2", "--after", cursor, "-o", "json")).ExitsWith(ExitCodes.Ok).Json();

        var seen = first.GetProperty("tasks").EnumerateArray().Concat(second.GetProperty("tasks").EnumerateArray()).Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(2, first.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task ls_in_a_table_says_how_to_ask_for_the_next_page()
    {
        string queue = "cli-more-" + Guid.NewGuid().ToString("N")[..8];
        for (int i = 0; i < 2; i++) (await gateway.RunAsync("submit", "echo", "--queue", queue, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);

        var run = (await gateway.RunAsync("ls", "--queue", queue, "--limit", "1")).ExitsWith(ExitCodes.Ok);

        Assert.Contains("more: --after ", run.Out);
    }

    [Fact]
    public async Task an_unknown_status_is_a_command_line_error()
    {
        (await gateway.RunAsync("ls", "--status", "Sleeping")).ExitsWith(ExitCodes.Usage);
    }
}
