using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// Bad input to the history, event stream, queue stats and limits endpoints and to the idempotency
/// window gets a 4xx ProblemDetails naming what was wrong, and changes nothing (DESIGN.md §10); the
/// table reads like <see cref="BadRequestTests"/>, with a header column for Last-Event-ID.
/// </summary>
public abstract class HistoryAndQueueBadRequestTests(SiloFixture silo)
{
    /// <summary>A queue whose limits are set before every case, so a refused PUT can be seen to change nothing.</summary>
    private const string LimitedQueue = "limited";

    private const string Json = "application/json";

    private static readonly QueueLimits Preset = new() { MaxConcurrency = 7, RatePerSecond = 3, Retention = TimeSpan.FromMinutes(5) };

    public static TheoryData<string, string, string, string?, string?, string?, int, string> Cases => new()
    {
        // because, method, path, Last-Event-ID header, content type, body, status, field or name the problem must point at
        { "logs of a bad id", "GET", "/api/tasks/bad%20id/logs", null, null, null, 400, "id" },
        { "attempts of a bad id", "GET", "/api/tasks/bad%20id/attempts", null, null, null, 400, "id" },
        { "events of a bad id", "GET", "/api/tasks/bad%20id/events", null, null, null, 400, "id" },
        { "progress of a bad id", "GET", "/api/tasks/bad%20id/progress", null, null, null, 400, "id" },
        { "logs of an unknown task", "GET", "/api/tasks/NO-SUCH-TASK/logs", null, null, null, 404, "NO-SUCH-TASK" },
        { "attempts of an unknown task", "GET", "/api/tasks/NO-SUCH-TASK/attempts", null, null, null, 404, "NO-SUCH-TASK" },
        { "events of an unknown task", "GET", "/api/tasks/NO-SUCH-TASK/events", null, null, null, 404, "NO-SUCH-TASK" },
        { "progress of an unknown task", "GET", "/api/tasks/NO-SUCH-TASK/progress", null, null, null, 404, "NO-SUCH-TASK" },
        { "logs sent as POST", "POST", "/api/tasks/NO-SUCH-TASK/logs", null, null, null, 405, "POST" },
        { "the stats of a bad queue name", "GET", "/api/queues/bad%20q", null, null, null, 400, "name" },
        { "the stats of a queue name of 65 characters", "GET", $"/api/queues/{new string('q', 65)}", null, null, null, 400, "name" },
        { "the stats of an unknown queue", "GET", "/api/queues/no-such-queue", null, null, null, 404, "no-such-queue" },
        { "the limits of a bad queue name", "GET", "/api/queues/bad%20q/limits", null, null, null, 400, "name" },
        { "the limits of an unknown queue", "GET", "/api/queues/no-such-queue/limits", null, null, null, 404, "no-such-queue" },
        { "limits put on a bad queue name", "PUT", "/api/queues/bad%20q/limits", null, Json, "{}", 400, "name" },
        { "limits that are malformed JSON", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":""", 400, "body" },
        { "limits that are an array", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, "[1]", 400, "body" },
        { "limits that are null", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, "null", 400, "body" },
        { "limits with an empty body", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, "", 400, "body" },
        { "limits sent as text", "PUT", $"/api/queues/{LimitedQueue}/limits", null, "text/plain", "{}", 415, "Content-Type" },
        { "limits far over the body limit", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"x":"<8KiB>"}""", 413, "body" },
        { "maxConcurrency is 0", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":0}""", 400, "maxConcurrency" },
        { "maxConcurrency is negative", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":-4}""", 400, "maxConcurrency" },
        { "maxConcurrency is above a million", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":1000001}""", 400, "maxConcurrency" },
        { "maxConcurrency is 1e99", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":1e99}""", 400, "maxConcurrency" },
        { "maxConcurrency is not whole", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":1.5}""", 400, "maxConcurrency" },
        { "maxConcurrency is a string", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":"4"}""", 400, "maxConcurrency" },
        { "ratePerSecond is 0", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"ratePerSecond":0}""", 400, "ratePerSecond" },
        { "ratePerSecond is below the minimum", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"ratePerSecond":0.0001}""", 400, "ratePerSecond" },
        { "ratePerSecond is above a million", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"ratePerSecond":1000000.5}""", 400, "ratePerSecond" },
        { "ratePerSecond is beyond a double", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"ratePerSecond":1e999}""", 400, "ratePerSecond" },
        { "ratePerSecond is a string", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"ratePerSecond":"fast"}""", 400, "ratePerSecond" },
        { "retentionSeconds is 0", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"retentionSeconds":0}""", 400, "retentionSeconds" },
        { "retentionSeconds is over 365 days", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"retentionSeconds":31536001}""", 400, "retentionSeconds" },
        { "retentionSeconds is not whole", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"retentionSeconds":1.5}""", 400, "retentionSeconds" },
        { "retentionSeconds is a boolean", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"retentionSeconds":true}""", 400, "retentionSeconds" },
        { "a limit in the wrong case", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"MaxConcurrency":2}""", 400, "MaxConcurrency" },
        { "an unknown limit", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"burst":2}""", 400, "burst" },
        { "a limit given twice", "PUT", $"/api/queues/{LimitedQueue}/limits", null, Json, """{"maxConcurrency":2,"maxConcurrency":3}""", 400, "maxConcurrency" },
        { "limits sent as DELETE", "DELETE", $"/api/queues/{LimitedQueue}/limits", null, null, null, 405, "DELETE" },
        { "events without a queue", "GET", "/api/events", null, null, null, 400, "queue" },
        { "events of an empty queue name", "GET", "/api/events?queue=", null, null, null, 400, "queue" },
        { "events of a bad queue name", "GET", "/api/events?queue=a/b", null, null, null, 400, "queue" },
        { "events of a queue given twice", "GET", "/api/events?queue=a&queue=b", null, null, null, 400, "queue" },
        { "events with an unknown parameter", "GET", "/api/events?queue=a&from=1", null, null, null, 400, "from" },
        { "events after a word", "GET", "/api/events?queue=a&after=latest", null, null, null, 400, "after" },
        { "events after an id of three parts", "GET", "/api/events?queue=a&after=1-2-3", null, null, null, 400, "after" },
        { "events after a negative id", "GET", "/api/events?queue=a&after=-1", null, null, null, 400, "after" },
        { "events after an id with no sequence", "GET", "/api/events?queue=a&after=5-", null, null, null, 400, "after" },
        { "events after an id beyond 64 bits", "GET", "/api/events?queue=a&after=99999999999999999999-0", null, null, null, 400, "after" },
        { "events with a bad Last-Event-ID", "GET", "/api/events?queue=a", "nope", null, null, 400, "Last-Event-ID" },
        { "events with a Last-Event-ID of spaces", "GET", "/api/events?queue=a", "1 - 2", null, null, 400, "Last-Event-ID" },
        { "idempotencyWindowMs without a key", "POST", "/api/tasks", null, Json, """{"type":"echo","idempotencyWindowMs":60000}""", 400, "idempotencyWindowMs" },
        { "idempotencyWindowMs under a second", "POST", "/api/tasks", null, Json, """{"type":"echo","idempotencyKey":"k1","idempotencyWindowMs":999}""", 400, "idempotencyWindowMs" },
        { "idempotencyWindowMs over 30 days", "POST", "/api/tasks", null, Json, """{"type":"echo","idempotencyKey":"k1","idempotencyWindowMs":2592000001}""", 400, "idempotencyWindowMs" },
        { "idempotencyWindowMs is 1e99", "POST", "/api/tasks", null, Json, """{"type":"echo","idempotencyKey":"k1","idempotencyWindowMs":1e99}""", 400, "idempotencyWindowMs" },
        { "idempotencyWindowMs is a string", "POST", "/api/tasks", null, Json, """{"type":"echo","idempotencyKey":"k1","idempotencyWindowMs":"60000"}""", 400, "idempotencyWindowMs" },
        { "idempotencyWindowMs is not whole", "POST", "/api/tasks", null, Json, """{"type":"echo","idempotencyKey":"k1","idempotencyWindowMs":1500.5}""", 400, "idempotencyWindowMs" },
        { "a batch's idempotencyWindowMs is negative", "POST", "/api/tasks/batch", null, Json, """{"tasks":[{"type":"echo"},{"type":"echo","idempotencyKey":"k2","idempotencyWindowMs":-1}]}""", 400, "tasks[1].idempotencyWindowMs" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task a_bad_request_gets_a_problem_naming_what_was_wrong_and_changes_nothing(
        string because, string method, string path, string? lastEventId, string? contentType, string? body, int status, string field)
    {
        await silo.Store.SetQueueLimitsAsync(LimitedQueue, Preset);
        int tasksBefore = (await silo.Store.AllTasksAsync()).Count;
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body.Replace("<8KiB>", new string('x', 8 * 1024))));
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        var response = await silo.Http.SendAsync(request);

        var (problem, detail) = await response.ProblemAsync(status, because);
        bool named = problem.TryGetProperty("errors", out var errors) ? errors.TryGetProperty(field, out _) && detail.Contains(field) : detail.Contains(field);
        Assert.True(named, $"{because}: the problem should name '{field}' in its errors and detail: {problem}");
        Assert.Equal(tasksBefore, (await silo.Store.AllTasksAsync()).Count);
        Assert.Equal(Preset, await silo.Store.GetQueueLimitsAsync(LimitedQueue));
    }
}
