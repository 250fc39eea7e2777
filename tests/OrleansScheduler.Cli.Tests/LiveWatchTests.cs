using System.Net.Http.Json;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Cli.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>watch</c>'s live progress bars on a terminal, and its JSON lines elsewhere, for a task and for a queue.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LiveWatchTests(GatewayFixture gateway)
{
    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>An order of the silo's demo grain: it reports progress line by line ("packed line 2 of 4").</summary>
    private async Task SubmitOrderAsync(string id, int lines, int msPerLine)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway.Url + "/") };
        var response = await http.PostAsJsonAsync("api/tasks", new
        {
            id,
            queue = GatewayFixture.WorkedQueue,
            target = new { grain = "orders", key = id },
            payload = new { lines, msPerLine },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Starts <c>osched</c> with <paramref name="args"/> writing to <paramref name="output"/>; cancel <paramref name="stop"/> as Ctrl+C does.</summary>
    private Task<int> Start(SharedWriter output, StringWriter error, bool terminal, CancellationTokenSource stop, params string[] args) =>
        Task.Run(() => OschedCli.RunAsync(["--gateway", gateway.Url, .. args], new StringReader(""), output, error, terminal, stop.Token));

    [Fact]
    public async Task watch_on_a_terminal_shows_the_tasks_bar_with_its_handlers_message_until_it_succeeds()
    {
        string id = NewId("live");
        await SubmitOrderAsync(id, lines: 4, msPerLine: 150);
        var output = new SharedWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        int code = await Start(output, error, terminal: true, timeout, "watch", id);

        Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}");
        string shown = output.ToString();
        Assert.Contains(id, shown);
        Assert.Contains("packed line 4 of 4", shown);
        Assert.Contains("100%", shown);
        Assert.Contains("Succeeded", shown);
    }

    [Fact]
    public async Task watch_of_a_queue_on_a_terminal_shows_a_bar_per_running_task_until_ctrl_c()
    {
        string first = NewId("lq"), second = NewId("lq");
        var output = new SharedWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = Start(output, error, terminal: true, stop, "watch", "--queue", GatewayFixture.WorkedQueue);

        await SubmitOrderAsync(first, lines: 3, msPerLine: 200);
        await SubmitOrderAsync(second, lines: 3, msPerLine: 200);
        await Eventually.Until(() => Task.FromResult(output.ToString()),
            shown => shown.Contains($"{first}  Running  packed line", StringComparison.Ordinal) && shown.Contains($"{second}  Running  packed line", StringComparison.Ordinal),
            "a bar for each order, with the progress message its grain reported", TimeSpan.FromSeconds(30));
        // A bar that ends is hidden: the board of a queue shows what runs now.
        await Eventually.Until(() => gateway.Client.GetAsync(second), t => t?.Status == Tasks.TaskState.Succeeded, "the second order to succeed");
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await watch);
    }

    [Fact]
    public async Task watch_of_a_queue_with_output_json_prints_one_event_a_line_until_ctrl_c()
    {
        string id = NewId("jq");
        var output = new SharedWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = Start(output, error, terminal: true, stop, "watch", "--queue", GatewayFixture.WorkedQueue, "-o", "json");

        // The watch may connect after the task was submitted: its stream starts a little before the watch, so nothing is missed.
        await gateway.Client.SubmitAsync(SubmitTaskRequest.Create("echo", 1) with { Id = id, Queue = GatewayFixture.WorkedQueue });
        await Eventually.Until(() => Task.FromResult(output.ToString()),
            shown => shown.Contains($"\"taskId\":\"{id}\"", StringComparison.Ordinal) && shown.Contains("\"type\":\"succeeded\"", StringComparison.Ordinal),
            "the task's succeeded event as a JSON line", TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await watch);
        var events = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("taskId").GetString() == id && e.GetProperty("type").GetString() == "submitted");
    }

    [Fact]
    public async Task watch_without_a_task_or_a_queue_or_with_both_is_a_usage_error()
    {
        (await gateway.RunAsync("watch")).ExitsWith(ExitCodes.Usage);
        (await gateway.RunAsync("watch", "some-task", "--queue", "default")).ExitsWith(ExitCodes.Usage);
    }
}
