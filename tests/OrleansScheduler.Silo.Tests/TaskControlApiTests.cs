using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// Cancel, pause, resume, retry and delete through the gateway, on both stores (the subclasses).
/// Tasks that must stay put go to a queue no silo serves; tasks that must run go to the fixture
/// silo's default queue or to a worker silo of the test's own.
/// </summary>
public abstract class TaskControlApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string UnservedQueue() => "ctl-" + Guid.NewGuid().ToString("N")[..12];

    private Task<string> SubmitUnservedAsync(string extra = "") =>
        _http.SubmitAsync($$"""{"type":"echo","queue":"{{UnservedQueue()}}"{{extra}}}""");

    private async Task<JsonElement> PostAsync(string id, string action, HttpStatusCode expected)
    {
        var response = await _http.PostAsync($"/api/tasks/{id}/{action}", null);
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == expected, $"{action} of {id}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Asserts the 409 names the queue, the task, its state and the states the operation needs.</summary>
    private static void AssertConflict(JsonElement problem, string id, string operation, string actual, params string[] allowed)
    {
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(id, problem.Str("taskId"));
        Assert.Equal(operation, problem.Str("operation"));
        Assert.Equal(actual, problem.Str("taskStatus"));
        Assert.Equal(allowed.Order(), problem.GetProperty("allowedStatuses").EnumerateArray().Select(s => s.GetString()!).Order());
        string detail = problem.Str("detail");
        foreach (string part in allowed.Append(actual).Append(id).Append($"'{problem.Str("queue")}'")) Assert.Contains(part, detail);
    }

    [Fact]
    public async Task canceling_a_running_task_answers_200_canceled_fires_its_token_and_frees_its_slot()
    {
        string queue = UnservedQueue();
        // One slot, and a grace period longer than the wait below: the next task can run in time
        // only if the sleeping handler's token fired, not because the silo gave up waiting for it.
        await using var worker = silo.StartSilo(new Dictionary<string, string?>
        {
            ["Scheduler:Queues:0"] = queue,
            ["Scheduler:Capacity"] = "1",
            ["Scheduler:CancellationGracePeriod"] = "00:01:00",
        });
        string sleeper = await _http.SubmitAsync($$"""{"type":"sleep","queue":"{{queue}}","payload":{"ms":30000},"maxAttempts":3}""");
        await _http.WaitForStatusAsync(sleeper, "Running");

        var canceled = await PostAsync(sleeper, "cancel", HttpStatusCode.OK);

        Assert.Equal("Canceled", canceled.Str("status"));
        Assert.Equal(sleeper, canceled.Str("id"));
        string next = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}","payload":"after"}""");
        await _http.WaitForStatusAsync(next, "Succeeded", TimeSpan.FromSeconds(15));
        var after = await _http.GetTaskAsync(sleeper);
        Assert.Equal("Canceled", after.Str("status"));
        Assert.Equal(1, after.GetProperty("attempt").GetInt32());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task pausing_a_pending_task_answers_200_paused_and_pausing_it_again_is_a_409()
    {
        string id = await SubmitUnservedAsync();

        var paused = await PostAsync(id, "pause", HttpStatusCode.OK);
        var again = await PostAsync(id, "pause", HttpStatusCode.Conflict);

        Assert.Equal("Paused", paused.Str("status"));
        Assert.Equal("Paused", (await _http.GetTaskAsync(id)).Str("status"));
        AssertConflict(again, id, "pause", "Paused", "Pending", "Scheduled");
    }

    [Fact]
    public async Task resuming_a_paused_delayed_task_makes_it_scheduled_again_and_resuming_a_pending_one_is_a_409()
    {
        string delayed = await SubmitUnservedAsync(""","delayMs":600000""");
        string pending = await SubmitUnservedAsync();
        await PostAsync(delayed, "pause", HttpStatusCode.OK);

        var resumed = await PostAsync(delayed, "resume", HttpStatusCode.OK);
        var conflict = await PostAsync(pending, "resume", HttpStatusCode.Conflict);

        Assert.Equal("Scheduled", resumed.Str("status"));
        AssertConflict(conflict, pending, "resume", "Pending", "Paused");
    }

    [Fact]
    public async Task a_paused_task_is_held_past_its_run_at_and_runs_once_resumed()
    {
        string id = await _http.SubmitAsync("""{"type":"echo","payload":"later","delayMs":1500}""");
        var paused = await PostAsync(id, "pause", HttpStatusCode.OK);
        var runAt = paused.GetProperty("runAt").GetDateTimeOffset();
        await Testing.Eventually.Until(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > runAt.AddMilliseconds(500), $"the clock to pass the run-at {runAt:O}");
        Assert.Equal("Paused", (await _http.GetTaskAsync(id)).Str("status"));

        var resumed = await PostAsync(id, "resume", HttpStatusCode.OK);

        Assert.Equal("Pending", resumed.Str("status"));
        Assert.Equal("later", (await _http.WaitForStatusAsync(id, "Succeeded")).GetProperty("result").GetString());
    }

    [Fact]
    public async Task retrying_a_canceled_task_answers_200_pending_and_retrying_a_pending_one_is_a_409()
    {
        string canceled = await SubmitUnservedAsync();
        string pending = await SubmitUnservedAsync();
        await PostAsync(canceled, "cancel", HttpStatusCode.OK);

        var retried = await PostAsync(canceled, "retry", HttpStatusCode.OK);
        var conflict = await PostAsync(pending, "retry", HttpStatusCode.Conflict);

        Assert.Equal("Pending", retried.Str("status"));
        Assert.Equal(0, retried.GetProperty("attempt").GetInt32());
        Assert.Equal(JsonValueKind.Null, retried.GetProperty("finishedAt").ValueKind);
        AssertConflict(conflict, pending, "retry", "Pending", "Failed", "Canceled");
    }

    [Fact]
    public async Task retrying_a_failed_task_runs_it_again_from_attempt_one()
    {
        string id = await _http.SubmitAsync("""{"type":"fail","payload":{"times":9},"maxAttempts":1}""");
        var failed = await _http.WaitForStatusAsync(id, "Failed");
        Assert.Contains("fails on purpose", failed.Str("error"));

        var retried = await PostAsync(id, "retry", HttpStatusCode.OK);

        Assert.Equal(0, retried.GetProperty("attempt").GetInt32());
        Assert.Contains("fails on purpose", retried.Str("error"));
        var again = await _http.WaitForStatusAsync(id, "Failed");
        Assert.Equal(1, again.GetProperty("attempt").GetInt32());
        Assert.True(again.GetProperty("startedAt").GetDateTimeOffset() >= failed.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task deleting_a_task_answers_200_with_it_as_it_was_and_then_it_is_gone()
    {
        string id = await SubmitUnservedAsync(""","payload":{"keep":"me"}""");

        var response = await _http.DeleteAsync($"/api/tasks/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deleted = await response.JsonAsync();
        Assert.Equal(id, deleted.Str("id"));
        Assert.Equal("Pending", deleted.Str("status"));
        Assert.Equal("me", deleted.GetProperty("payload").GetProperty("keep").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/tasks/{id}")).StatusCode);
        var again = await _http.DeleteAsync($"/api/tasks/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains(id, (await again.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task deleting_a_running_task_cancels_it_first_and_answers_it_canceled()
    {
        string id = await _http.SubmitAsync("""{"type":"sleep","payload":{"ms":30000}}""");
        await _http.WaitForStatusAsync(id, "Running");

        var response = await _http.DeleteAsync($"/api/tasks/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Canceled", (await response.JsonAsync()).Str("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/tasks/{id}")).StatusCode);
    }

    [Fact]
    public async Task every_control_operation_on_an_unknown_task_is_a_404_naming_the_id()
    {
        foreach (string action in new[] { "cancel", "pause", "resume", "retry" })
            Assert.Contains("NO-SUCH-TASK", (await PostAsync("NO-SUCH-TASK", action, HttpStatusCode.NotFound)).Str("detail"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("/api/tasks/NO-SUCH-TASK")).StatusCode);
    }
}
