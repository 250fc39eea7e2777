using OrleansScheduler.Cli.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>submit</c> and <c>get</c>: what the command line sends is the task the gateway stores, shown as a table or as the API's JSON.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SubmitAndGetTests(GatewayFixture gateway)
{
    private static string NewId() => "cli-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task a_submitted_task_carries_every_option_and_get_shows_it_as_a_table()
    {
        string id = NewId();
        var submit = (await gateway.RunAsync("submit", "echo", """{"word":"hi"}""", "--id", id, "--queue", GatewayFixture.WorkedQueue,
            "--priority", "7", "--max-attempts", "5", "--timeout-ms", "4000", "--idempotency-key", id + "-key")).ExitsWith(ExitCodes.Ok);
        Assert.Contains(id, submit.Out);

        var task = await Eventually.Until(() => gateway.Client.GetAsync(id), t => t?.Status == TaskState.Succeeded, $"task {id} to succeed");
        Assert.Equal((GatewayFixture.WorkedQueue, 7, 5, 4000L), (task!.Queue, task.Priority, task.MaxAttempts, task.TimeoutMs));
        Assert.Equal("hi", task.Payload.GetProperty("word").GetString());

        var get = (await gateway.RunAsync("get", id)).ExitsWith(ExitCodes.Ok);
        Assert.Contains(id, get.Out);
        Assert.Contains("Succeeded", get.Out);
        Assert.Contains("""{"word":"hi"}""", get.Out);
        Assert.Equal("", get.Error);
    }

    [Fact]
    public async Task get_with_json_output_prints_the_tasks_json_for_scripts()
    {
        string id = NewId();
        var submit = (await gateway.RunAsync("submit", "echo", "[1,2]", "--id", id, "--output", "json")).ExitsWith(ExitCodes.Ok);
        Assert.Equal(id, submit.Json().GetProperty("id").GetString());
        await Eventually.Until(() => gateway.Client.GetAsync(id), t => t?.Status == TaskState.Succeeded, $"task {id} to succeed");

        var json = (await gateway.RunAsync("get", id, "-o", "json")).ExitsWith(ExitCodes.Ok).Json();

        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.Equal("Succeeded", json.GetProperty("status").GetString());
        Assert.Equal(2, json.GetProperty("payload").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task a_payload_given_as_dash_is_read_from_standard_input()
    {
        string id = NewId();
        (await gateway.RunWithInputAsync("""{"from":"stdin"}""", "submit", "echo", "-", "--id", id, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);

        var task = await gateway.Client.GetAsync(id);
        Assert.Equal("stdin", task!.Payload.GetProperty("from").GetString());
        Assert.Equal(TaskState.Scheduled, task.Status);
    }

    [Fact]
    public async Task a_payload_given_with_file_is_read_from_the_file()
    {
        string id = NewId();
        string file = Path.Combine(Directory.CreateTempSubdirectory("osched-").FullName, "payload.json");
        await File.WriteAllTextAsync(file, """{"from":"file"}""");

        (await gateway.RunAsync("submit", "echo", "--file", file, "--id", id, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);

        Assert.Equal("file", (await gateway.Client.GetAsync(id))!.Payload.GetProperty("from").GetString());
    }

    [Fact]
    public async Task a_payload_that_is_not_json_is_a_command_line_error_and_sends_nothing()
    {
        string id = NewId();
        var run = (await gateway.RunAsync("submit", "echo", "not json", "--id", id)).ExitsWith(ExitCodes.Usage);

        Assert.Contains("not JSON", run.Error);
        Assert.Null(await gateway.Client.GetAsync(id));
    }

    [Fact]
    public async Task a_priority_out_of_range_prints_the_problems_title_detail_and_field_error_and_exits_2()
    {
        var run = (await gateway.RunAsync("submit", "echo", "--priority", "5000")).ExitsWith(ExitCodes.Refused);

        Assert.Contains("400", run.Error);
        var fieldLines = run.Error.Split('\n').Where(l => l.StartsWith("priority: ", StringComparison.Ordinal)).ToList();
        Assert.Single(fieldLines);
        Assert.Contains("-1000", fieldLines[0]);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task get_of_an_unknown_id_says_so_and_exits_2()
    {
        var run = (await gateway.RunAsync("get", "no-such-task")).ExitsWith(ExitCodes.Refused);

        Assert.Contains("no-such-task", run.Error);
    }

    [Fact]
    public async Task an_unknown_command_is_a_command_line_error()
    {
        (await gateway.RunAsync("frobnicate")).ExitsWith(ExitCodes.Usage);
        (await gateway.RunAsync("submit")).ExitsWith(ExitCodes.Usage);
    }
}
