using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// The program executor through the gateway, on both stores, configured the way an operator would (settings
/// <c>Scheduler:Exec:…</c>): a worker silo of the class allow-lists <c>sh</c> (/bin/sh, running scripts the tests
/// write to a temp directory) and <c>greet</c> (a shell with fixed leading arguments and a fixed environment entry).
/// </summary>
public abstract class ExecApiTests(SiloFixture silo) : IDisposable
{
    private const string Served = "exec-served";

    private readonly HttpClient _http = silo.Http;
    private readonly string _dir = Directory.CreateTempSubdirectory("exec-api-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The worker's queue, with the worker running.</summary>
    private string WorkerQueue()
    {
        _ = silo.SharedSilo("exec-worker", new Dictionary<string, string?>
        {
            ["Scheduler:Queues:0"] = Served,
            ["Scheduler:Exec:Commands:sh:Path"] = "/bin/sh",
            ["Scheduler:Exec:Commands:greet:Path"] = "/bin/sh",
            ["Scheduler:Exec:Commands:greet:Args:0"] = "-c",
            ["Scheduler:Exec:Commands:greet:Args:1"] = "echo \"$GREETING, $1\"",
            ["Scheduler:Exec:Commands:greet:Args:2"] = "greet",
            ["Scheduler:Exec:Commands:greet:Env:GREETING"] = "Hello",
            ["Scheduler:Exec:KillGracePeriod"] = "00:00:00.500",
        });
        return Served;
    }

    private string Script(string body)
    {
        string path = Path.Combine(_dir, "script.sh");
        File.WriteAllText(path, body.ReplaceLineEndings("\n"));
        return path;
    }

    private async Task<List<JsonElement>> LogsAsync(string id, int atLeast) =>
        (await OrleansScheduler.Testing.Eventually.Until(
            async () => await (await _http.GetAsync($"/api/tasks/{id}/logs")).JsonAsync(),
            logs => logs.TryGetProperty("lines", out var lines) && lines.GetArrayLength() >= atLeast,
            $"{atLeast} log lines of task {id}")).GetProperty("lines").EnumerateArray().ToList();

    [Fact]
    public async Task an_exec_task_succeeds_and_its_result_and_logs_show_the_programs_output()
    {
        string queue = WorkerQueue();
        string payload = JsonSerializer.Serialize(new { command = "sh", args = new[] { Script("echo \"out: $1\"\necho 'warn: careful' >&2\n"), "first" } });
        string id = await _http.SubmitAsync($$"""{"type":"exec","queue":"{{queue}}","payload":{{payload}}}""");

        var task = await _http.WaitForStatusAsync(id, "Succeeded");
        var logs = await LogsAsync(id, 2);

        var result = task.GetProperty("result");
        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
        Assert.Equal("out: first\n", result.Str("stdout"));
        Assert.Contains(logs, l => l.Str("level") == "Information" && l.Str("message") == "out: first");
        Assert.Contains(logs, l => l.Str("level") == "Warning" && l.Str("message") == "warn: careful");
    }

    [Fact]
    public async Task a_commands_configured_args_come_before_the_payloads_and_its_configured_env_reaches_it()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$"""{"type":"exec","queue":"{{queue}}","payload":{"command":"greet","args":["world"]} }""");

        var task = await _http.WaitForStatusAsync(id, "Succeeded");

        Assert.Equal("Hello, world\n", task.GetProperty("result").Str("stdout"));
    }

    [Fact]
    public async Task an_unknown_command_ends_failed_at_once_saying_what_is_allowed()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$"""{"type":"exec","queue":"{{queue}}","maxAttempts":5,"payload":{"command":"rm","args":["-rf","/"]} }""");

        var task = await _http.WaitForStatusAsync(id, "Failed");

        string error = task.Str("error");
        Assert.Contains("'rm'", error);
        Assert.Contains("allows: greet, sh.", error);
        Assert.Contains("Scheduler:Exec:Commands:<name>:Path", error);
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
    }
}
