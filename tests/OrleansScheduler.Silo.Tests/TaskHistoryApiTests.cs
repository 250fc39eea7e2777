using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// A task's logs, attempts, events and progress through the gateway, on both stores (the
/// subclasses). Tasks that must run go to the queue of the class's worker silo; each test reads only its own tasks.
/// </summary>
public abstract class TaskHistoryApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "hist-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The queue the class's worker serves.</summary>
    private const string Served = "hist-served";

    /// <summary>The class's worker silo, started by the first test that needs it: it serves only <see cref="Served"/>, with the <c>chatty</c> test handler.</summary>
    private SiloFactory Worker =>
        silo.SharedSilo("history-worker", new Dictionary<string, string?> { ["Scheduler:Queues:0"] = Served },
                        services => services.AddTaskHandler<ChattyHandler>(ChattyHandler.Type));

    /// <summary>The worker's queue, with the worker running.</summary>
    private string WorkerQueue()
    {
        _ = Worker;
        return Served;
    }

    private async Task<JsonElement> GetOkAsync(string path)
    {
        var response = await _http.GetAsync(path);
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: expected 200, got {(int)response.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task the_logs_of_a_task_read_back_oldest_first_with_attempt_time_level_and_message()
    {
        string queue = NewQueue();
        string id = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}"}""");
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await silo.Store.AppendLogsAsync(
        [
            new TaskLogEntry(id, queue, 1, at, "Information", "first line"),
            new TaskLogEntry(id, queue, 1, at.AddSeconds(1), "Warning", "second line"),
            new TaskLogEntry(id, queue, 2, at.AddSeconds(2), "Error", "third line"),
        ]);

        var logs = await GetOkAsync($"/api/tasks/{id}/logs");

        Assert.Equal(id, logs.Str("taskId"));
        var lines = logs.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["first line", "second line", "third line"], lines.Select(l => l.Str("message")));
        Assert.Equal(["Information", "Warning", "Error"], lines.Select(l => l.Str("level")));
        Assert.Equal([1, 1, 2], lines.Select(l => l.GetProperty("attempt").GetInt32()));
        Assert.Equal(at.AddSeconds(1), lines[1].GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task a_task_without_log_lines_answers_an_empty_list()
    {
        string id = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{NewQueue()}}"}""");

        var logs = await GetOkAsync($"/api/tasks/{id}/logs");

        Assert.Empty(logs.GetProperty("lines").EnumerateArray());
    }

    [Fact]
    public async Task lines_a_handler_logs_through_its_context_logger_are_readable_through_the_logs_endpoint()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$"""{"type":"chatty","queue":"{{queue}}","payload":{"lines":["hello","world"]} }""");
        await _http.WaitForStatusAsync(id, "Succeeded");

        var logs = await Eventually.Until(() => GetOkAsync($"/api/tasks/{id}/logs"), l => l.GetProperty("lines").GetArrayLength() >= 2, $"two log lines of task {id}");

        var lines = logs.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["chatty: hello", "chatty: world"], lines.Select(l => l.Str("message")));
        Assert.All(lines, l => Assert.Equal("Information", l.Str("level")));
        Assert.All(lines, l => Assert.Equal(1, l.GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task the_attempts_of_a_task_that_failed_once_list_the_failure_with_its_error_then_the_success()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$"""{"type":"fail","queue":"{{queue}}","payload":{"times":1},"maxAttempts":3,"backoffMs":10}""");
        await _http.WaitForStatusAsync(id, "Succeeded");

        var answer = await GetOkAsync($"/api/tasks/{id}/attempts");

        Assert.Equal(id, answer.Str("taskId"));
        var attempts = answer.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([1, 2], attempts.Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal(["failed", "succeeded"], attempts.Select(a => a.Str("outcome")));
        Assert.Contains("fails on purpose", attempts[0].Str("error"));
        Assert.Equal(JsonValueKind.Null, attempts[1].GetProperty("error").ValueKind);
        string siloId = Worker.SiloId;
        Assert.All(attempts, a => Assert.Equal(siloId, a.Str("silo")));
        Assert.All(attempts, a => Assert.True(a.GetProperty("finishedAt").GetDateTimeOffset() >= a.GetProperty("startedAt").GetDateTimeOffset(), a.ToString()));
    }

    [Fact]
    public async Task a_running_task_lists_its_current_attempt_last_as_running_without_a_finish()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$"""{"type":"sleep","queue":"{{queue}}","payload":{"ms":30000} }""");
        await _http.WaitForStatusAsync(id, "Running");

        var attempts = (await GetOkAsync($"/api/tasks/{id}/attempts")).GetProperty("attempts").EnumerateArray().ToList();
        await _http.PostAsync($"/api/tasks/{id}/cancel", null);

        var current = Assert.Single(attempts);
        Assert.Equal(("running", 1), (current.Str("outcome"), current.GetProperty("number").GetInt32()));
        Assert.Equal(JsonValueKind.Null, current.GetProperty("finishedAt").ValueKind);
        Assert.Equal(Worker.SiloId, current.Str("silo"));
    }

    [Fact]
    public async Task the_events_of_a_task_that_ran_are_submitted_started_and_succeeded_with_states_spelled_as_the_task_shows_them()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}","payload":"hi"}""");
        await _http.WaitForStatusAsync(id, "Succeeded");

        var answer = await GetOkAsync($"/api/tasks/{id}/events");

        Assert.Equal(id, answer.Str("taskId"));
        var events = answer.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["submitted", "started", "succeeded"], events.Select(e => e.Str("type")));
        Assert.Equal([null, "Pending", "Running"], events.Select(e => e.GetProperty("from").GetString()));
        Assert.Equal(["Pending", "Running", "Succeeded"], events.Select(e => e.GetProperty("to").GetString()));
        Assert.Equal([0, 1, 1], events.Select(e => e.GetProperty("attempt").GetInt32()));
        string siloId = Worker.SiloId;
        Assert.Equal([null, siloId, siloId], events.Select(e => e.GetProperty("silo").GetString()));
        Assert.All(events, e => Assert.Equal((id, queue), (e.Str("taskId"), e.Str("queue"))));
        Assert.All(events, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("error").ValueKind));
        Assert.All(events, e => e.GetProperty("time").GetDateTimeOffset());
        EventIds.AssertIncreasing([.. events.Select(e => e.Str("id"))]);
    }

    [Fact]
    public async Task the_events_of_a_retried_attempt_carry_its_error()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$"""{"type":"fail","queue":"{{queue}}","payload":{"times":5},"maxAttempts":2,"backoffMs":10}""");
        await _http.WaitForStatusAsync(id, "Failed");

        var events = (await GetOkAsync($"/api/tasks/{id}/events")).GetProperty("events").EnumerateArray().ToList();

        Assert.Equal(["submitted", "started", "retrying", "promoted", "started", "failed"], events.Select(e => e.Str("type")));
        var retrying = events[2];
        Assert.Equal(("Running", "Scheduled"), (retrying.Str("from"), retrying.Str("to")));
        Assert.Contains("attempt 1", retrying.Str("error"));
        Assert.Contains("attempt 2", events[^1].Str("error"));
    }

    [Fact]
    public async Task progress_shows_the_state_and_the_latest_report_of_the_handler()
    {
        string queue = WorkerQueue();
        string waiting = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{NewQueue()}}"}""");
        string id = await _http.SubmitAsync($$"""{"type":"chatty","queue":"{{queue}}","payload":{"progress":40,"message":"halfway"} }""");
        await _http.WaitForStatusAsync(id, "Succeeded");

        var progress = await GetOkAsync($"/api/tasks/{id}/progress");
        var none = await GetOkAsync($"/api/tasks/{waiting}/progress");

        Assert.Equal((id, "Succeeded", 40, "halfway"), (progress.Str("taskId"), progress.Str("status"), progress.GetProperty("progress").GetInt32(), progress.Str("message")));
        Assert.Equal((waiting, "Pending"), (none.Str("taskId"), none.Str("status")));
        Assert.Equal(JsonValueKind.Null, none.GetProperty("progress").ValueKind);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("message").ValueKind);
    }

    [Theory]
    [InlineData("logs")]
    [InlineData("attempts")]
    [InlineData("events")]
    [InlineData("progress")]
    public async Task the_history_of_an_unknown_task_is_a_404_problem_naming_it(string part)
    {
        var response = await _http.GetAsync($"/api/tasks/NO-SUCH-TASK/{part}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Contains("NO-SUCH-TASK", problem.Str("detail"));
        Assert.Equal("NO-SUCH-TASK", problem.Str("taskId"));
    }
}
