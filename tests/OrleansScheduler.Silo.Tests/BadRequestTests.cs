using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// Bad input gets a clear 4xx with what was wrong, and changes nothing (DESIGN.md §10). Each row
/// is one request: the status it must get, and the field (or, for 404s, the name) its
/// ProblemDetails must point at. Bodies may hold placeholders for inputs too big to spell out.
/// </summary>
public abstract class BadRequestTests(SiloFixture silo)
{
    /// <summary>An id that exists before every case, so "id taken" can be tested.</summary>
    private const string TakenId = "already-taken";

    /// <summary>An idempotency key known in queue "unserved" (for an echo task with a null payload) before every case.</summary>
    private const string KnownKey = "known-key";

    private const string Json = "application/json";

    public static TheoryData<string, string, string, string?, string?, int, string> Cases => new()
    {
        // because, method, path, content type, body, status, field or name the problem must point at
        { "malformed JSON", "POST", "/api/tasks", Json, """{"type":""", 400, "body" },
        { "trailing garbage after the JSON", "POST", "/api/tasks", Json, """{"type":"echo"} x""", 400, "body" },
        { "the body is an array", "POST", "/api/tasks", Json, """[{"type":"echo"}]""", 400, "body" },
        { "the body is a string", "POST", "/api/tasks", Json, "\"echo\"", 400, "body" },
        { "the body is empty", "POST", "/api/tasks", Json, "", 400, "body" },
        { "type is missing", "POST", "/api/tasks", Json, """{"queue":"default"}""", 400, "type" },
        { "type is null", "POST", "/api/tasks", Json, """{"type":null}""", 400, "type" },
        { "type is a number", "POST", "/api/tasks", Json, """{"type":42}""", 400, "type" },
        { "type is empty", "POST", "/api/tasks", Json, """{"type":""}""", 400, "type" },
        { "type has a space", "POST", "/api/tasks", Json, """{"type":"echo me"}""", 400, "type" },
        { "type is 129 characters", "POST", "/api/tasks", Json, $$"""{"type":"{{new string('t', 129)}}"}""", 400, "type" },
        { "an unknown field", "POST", "/api/tasks", Json, """{"type":"echo","colour":"red"}""", 400, "colour" },
        { "a field in the wrong case", "POST", "/api/tasks", Json, """{"Type":"echo"}""", 400, "Type" },
        { "a field given twice", "POST", "/api/tasks", Json, """{"type":"echo","type":"sleep"}""", 400, "type" },
        { "priority is a string", "POST", "/api/tasks", Json, """{"type":"echo","priority":"high"}""", 400, "priority" },
        { "priority is not whole", "POST", "/api/tasks", Json, """{"type":"echo","priority":1.5}""", 400, "priority" },
        { "priority is 1e99", "POST", "/api/tasks", Json, """{"type":"echo","priority":1e99}""", 400, "priority" },
        { "priority is above the maximum", "POST", "/api/tasks", Json, """{"type":"echo","priority":1001}""", 400, "priority" },
        { "priority is a boolean", "POST", "/api/tasks", Json, """{"type":"echo","priority":true}""", 400, "priority" },
        { "maxAttempts is 0", "POST", "/api/tasks", Json, """{"type":"echo","maxAttempts":0}""", 400, "maxAttempts" },
        { "maxAttempts is over 100", "POST", "/api/tasks", Json, """{"type":"echo","maxAttempts":101}""", 400, "maxAttempts" },
        { "timeoutMs is 0", "POST", "/api/tasks", Json, """{"type":"echo","timeoutMs":0}""", 400, "timeoutMs" },
        { "timeoutMs is over a day", "POST", "/api/tasks", Json, """{"type":"echo","timeoutMs":86400001}""", 400, "timeoutMs" },
        { "backoffMs is negative", "POST", "/api/tasks", Json, """{"type":"echo","backoffMs":-1}""", 400, "backoffMs" },
        { "backoffMs is an object", "POST", "/api/tasks", Json, """{"type":"echo","backoffMs":{}}""", 400, "backoffMs" },
        { "delayMs is negative", "POST", "/api/tasks", Json, """{"type":"echo","delayMs":-5}""", 400, "delayMs" },
        { "delayMs and runAt are both given", "POST", "/api/tasks", Json, """{"type":"echo","delayMs":5,"runAt":"2030-01-01T00:00:00Z"}""", 400, "delayMs" },
        { "delayMs is more than 366 days", "POST", "/api/tasks", Json, """{"type":"echo","delayMs":99999999999999}""", 400, "delayMs" },
        { "runAt is not a date", "POST", "/api/tasks", Json, """{"type":"echo","runAt":"next tuesday"}""", 400, "runAt" },
        { "runAt has no offset", "POST", "/api/tasks", Json, """{"type":"echo","runAt":"2030-01-01T10:00:00"}""", 400, "runAt" },
        { "runAt is a number", "POST", "/api/tasks", Json, """{"type":"echo","runAt":1767225600000}""", 400, "runAt" },
        { "runAt is beyond 366 days", "POST", "/api/tasks", Json, """{"type":"echo","runAt":"2999-01-01T00:00:00Z"}""", 400, "runAt" },
        { "queue is empty", "POST", "/api/tasks", Json, """{"type":"echo","queue":""}""", 400, "queue" },
        { "queue has a slash", "POST", "/api/tasks", Json, """{"type":"echo","queue":"a/b"}""", 400, "queue" },
        { "queue is 65 characters", "POST", "/api/tasks", Json, $$"""{"type":"echo","queue":"{{new string('q', 65)}}"}""", 400, "queue" },
        { "id has a space", "POST", "/api/tasks", Json, """{"type":"echo","id":"has space"}""", 400, "id" },
        { "id is taken", "POST", "/api/tasks", Json, $$"""{"type":"echo","id":"{{TakenId}}"}""", 409, "id" },
        { "idempotencyKey is empty", "POST", "/api/tasks", Json, """{"type":"echo","idempotencyKey":""}""", 400, "idempotencyKey" },
        { "idempotencyKey has a space", "POST", "/api/tasks", Json, """{"type":"echo","idempotencyKey":"order 42"}""", 400, "idempotencyKey" },
        { "idempotencyKey is not ASCII", "POST", "/api/tasks", Json, """{"type":"echo","idempotencyKey":"clé"}""", 400, "idempotencyKey" },
        { "idempotencyKey is 129 characters", "POST", "/api/tasks", Json, $$"""{"type":"echo","idempotencyKey":"{{new string('k', 129)}}"}""", 400, "idempotencyKey" },
        { "idempotencyKey is a number", "POST", "/api/tasks", Json, """{"type":"echo","idempotencyKey":42}""", 400, "idempotencyKey" },
        { "idempotencyKey is known with another payload", "POST", "/api/tasks", Json, $$"""{"type":"echo","queue":"unserved","payload":1,"idempotencyKey":"{{KnownKey}}"}""", 409, "idempotencyKey" },
        { "idempotencyKey is known with another type", "POST", "/api/tasks", Json, $$"""{"type":"sleep","queue":"unserved","idempotencyKey":"{{KnownKey}}"}""", 409, "idempotencyKey" },
        { "the payload is over 256 KiB", "POST", "/api/tasks", Json, """{"type":"echo","payload":"<300KiB>"}""", 413, "payload" },
        { "the body is far over the limit", "POST", "/api/tasks", Json, """{"type":"echo","payload":"<2MiB>"}""", 413, "body" },
        { "the content type is text", "POST", "/api/tasks", "text/plain", """{"type":"echo"}""", 415, "Content-Type" },
        { "there is no content type", "POST", "/api/tasks", null, """{"type":"echo"}""", 415, "Content-Type" },
        { "the charset is not UTF-8", "POST", "/api/tasks", "application/json; charset=iso-8859-1", """{"type":"echo"}""", 415, "Content-Type" },
        { "a batch body is an array", "POST", "/api/tasks/batch", Json, """[{"type":"echo"}]""", 400, "body" },
        { "a batch has no tasks field", "POST", "/api/tasks/batch", Json, "{}", 400, "tasks" },
        { "a batch is empty", "POST", "/api/tasks/batch", Json, """{"tasks":[]}""", 400, "tasks" },
        { "a batch has 1001 tasks", "POST", "/api/tasks/batch", Json, """{"tasks":<1001 tasks>}""", 400, "tasks" },
        { "a batch's tasks is an object", "POST", "/api/tasks/batch", Json, """{"tasks":{"type":"echo"}}""", 400, "tasks" },
        { "a batch has an unknown field", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo"}],"priority":1}""", 400, "priority" },
        { "a batch's second task has a bad priority", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo"},{"type":"echo","priority":"x"}]}""", 400, "tasks[1].priority" },
        { "a batch's second item is not an object", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo"},5]}""", 400, "tasks[1]" },
        { "a batch gives one id twice", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo","id":"twin"},{"type":"echo","id":"twin"}]}""", 400, "tasks[1].id" },
        { "a batch's task reuses a taken id", "POST", "/api/tasks/batch", Json, $$"""{"tasks":[{"type":"echo"},{"type":"echo","id":"{{TakenId}}"}]}""", 409, "tasks[1].id" },
        { "a batch gives one idempotencyKey twice in a queue", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo","idempotencyKey":"k"},{"type":"echo","idempotencyKey":"k"}]}""", 400, "tasks[1].idempotencyKey" },
        { "a batch's idempotencyKey has a space", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo"},{"type":"echo","idempotencyKey":"a b"}]}""", 400, "tasks[1].idempotencyKey" },
        { "a batch's task reuses a known idempotencyKey with another payload", "POST", "/api/tasks/batch", Json, $$"""{"tasks":[{"type":"echo"},{"type":"echo","queue":"unserved","payload":[1],"idempotencyKey":"{{KnownKey}}"}]}""", 409, "tasks[1].idempotencyKey" },
        { "a batch's payload is over 256 KiB", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo"},{"type":"echo","payload":"<300KiB>"}]}""", 413, "tasks[1].payload" },
        { "a batch is sent as a form", "POST", "/api/tasks/batch", "application/x-www-form-urlencoded", "tasks=1", 415, "Content-Type" },
        { "a task id in the route has a space", "GET", "/api/tasks/bad%20id", null, null, 400, "id" },
        { "no task has the id", "GET", "/api/tasks/NO-SUCH-TASK", null, null, 404, "NO-SUCH-TASK" },
        { "a get with an unknown parameter", "GET", $"/api/tasks/{TakenId}?wait=5", null, null, 400, "wait" },
        { "a get with waitMs over a minute", "GET", $"/api/tasks/{TakenId}?waitMs=60001", null, null, 400, "waitMs" },
        { "a get with a negative waitMs", "GET", $"/api/tasks/{TakenId}?waitMs=-1", null, null, 400, "waitMs" },
        { "a get with waitMs that is not a number", "GET", $"/api/tasks/{TakenId}?waitMs=soon", null, null, 400, "waitMs" },
        { "a get with waitMs given twice", "GET", $"/api/tasks/{TakenId}?waitMs=1&waitMs=2", null, null, 400, "waitMs" },
        { "canceling a task that does not exist", "POST", "/api/tasks/NO-SUCH-TASK/cancel", null, null, 404, "NO-SUCH-TASK" },
        { "canceling with a bad id", "POST", "/api/tasks/bad%20id/cancel", null, null, 400, "id" },
        { "pausing a task that does not exist", "POST", "/api/tasks/NO-SUCH-TASK/pause", null, null, 404, "NO-SUCH-TASK" },
        { "resuming a task that does not exist", "POST", "/api/tasks/NO-SUCH-TASK/resume", null, null, 404, "NO-SUCH-TASK" },
        { "retrying a task that does not exist", "POST", "/api/tasks/NO-SUCH-TASK/retry", null, null, 404, "NO-SUCH-TASK" },
        { "deleting a task that does not exist", "DELETE", "/api/tasks/NO-SUCH-TASK", null, null, 404, "NO-SUCH-TASK" },
        { "pausing with a bad id", "POST", "/api/tasks/bad%20id/pause", null, null, 400, "id" },
        { "resuming with a bad id", "POST", "/api/tasks/bad%20id/resume", null, null, 400, "id" },
        { "retrying with a bad id", "POST", "/api/tasks/bad%20id/retry", null, null, 400, "id" },
        { "deleting with a bad id", "DELETE", "/api/tasks/bad%20id", null, null, 400, "id" },
        { "deleting with an id of 65 characters", "DELETE", $"/api/tasks/{new string('t', 65)}", null, null, 400, "id" },
        { "resuming a task that is not paused", "POST", $"/api/tasks/{TakenId}/resume", null, null, 409, TakenId },
        { "retrying a task that has not failed", "POST", $"/api/tasks/{TakenId}/retry", null, null, 409, TakenId },
        { "a pause sent as GET", "GET", $"/api/tasks/{TakenId}/pause", null, null, 405, "GET" },
        { "listing by an unknown status", "GET", "/api/tasks?status=Sleeping", null, null, 400, "status" },
        { "listing by a status number", "GET", "/api/tasks?status=3", null, null, 400, "status" },
        { "listing with limit 0", "GET", "/api/tasks?limit=0", null, null, 400, "limit" },
        { "listing with limit 1001", "GET", "/api/tasks?limit=1001", null, null, 400, "limit" },
        { "listing with a limit that is not a number", "GET", "/api/tasks?limit=ten", null, null, 400, "limit" },
        { "listing with a forged cursor", "GET", "/api/tasks?cursor=not-a-cursor!", null, null, 400, "cursor" },
        { "listing a bad queue name", "GET", "/api/tasks?queue=a/b", null, null, 400, "queue" },
        { "listing a queue name that ends in a newline", "GET", "/api/tasks?queue=default%0A", null, null, 400, "queue" },
        { "a silo id that ends in a newline", "GET", "/api/silos/127.0.0.1:11111@1%0A", null, null, 400, "id" },
        { "listing with a misspelt parameter", "GET", "/api/tasks?stauts=Failed", null, null, 400, "stauts" },
        { "listing with a parameter given twice", "GET", "/api/tasks?limit=1&limit=2", null, null, 400, "limit" },
        { "a dead-letter listing of a bad queue name", "GET", "/api/queues/bad%20q/dead-letter", null, null, 400, "name" },
        { "a dead-letter listing of a queue name of 65 characters", "GET", $"/api/queues/{new string('q', 65)}/dead-letter", null, null, 400, "name" },
        { "a dead-letter listing with limit 0", "GET", "/api/queues/default/dead-letter?limit=0", null, null, 400, "limit" },
        { "a dead-letter listing filtered by status", "GET", "/api/queues/default/dead-letter?status=Failed", null, null, 400, "status" },
        { "a dead-letter listing with a forged cursor", "GET", "/api/queues/default/dead-letter?cursor=not-a-cursor!", null, null, 400, "cursor" },
        { "a dead-letter listing with another queue's cursor", "GET", $"/api/queues/default/dead-letter?cursor={new TaskCursor("other", "x").Encode()}", null, null, 400, "cursor" },
        { "retrying the dead letters of a bad queue name", "POST", "/api/queues/bad%20q/dead-letter/retry", null, null, 400, "name" },
        { "a dead-letter retry body is malformed", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":""", 400, "body" },
        { "a dead-letter retry body is an array", "POST", "/api/queues/default/dead-letter/retry", Json, """["a"]""", 400, "body" },
        { "a dead-letter retry's ids is a string", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":"a"}""", 400, "ids" },
        { "a dead-letter retry's ids is empty", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":[]}""", 400, "ids" },
        { "a dead-letter retry's ids is null", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":null}""", 400, "ids" },
        { "a dead-letter retry has 1001 ids", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":<1001 ids>}""", 400, "ids" },
        { "a dead-letter retry's second id is a number", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":["a",5]}""", 400, "ids[1]" },
        { "a dead-letter retry's id has a space", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":["has space"]}""", 400, "ids[0]" },
        { "a dead-letter retry gives an id twice", "POST", "/api/queues/default/dead-letter/retry", Json, """{"ids":["a","b","a"]}""", 400, "ids[2]" },
        { "a dead-letter retry has an unknown field", "POST", "/api/queues/default/dead-letter/retry", Json, """{"taskIds":["a"]}""", 400, "taskIds" },
        { "a dead-letter retry is sent as text", "POST", "/api/queues/default/dead-letter/retry", "text/plain", """{"ids":["a"]}""", 415, "Content-Type" },
        { "a dead-letter retry sent as GET", "GET", "/api/queues/default/dead-letter/retry", null, null, 405, "GET" },
        { "a silo id in the route has a space", "POST", "/api/silos/bad%20id@1/drain", null, null, 400, "id" },
        { "a silo id is a name, not an address", "GET", "/api/silos/silo-1", null, null, 400, "id" },
        { "a silo id has no generation", "POST", "/api/silos/127.0.0.1:11111/drain", null, null, 400, "id" },
        { "a silo id's generation is not a number", "POST", "/api/silos/127.0.0.1:11111@x/drain", null, null, 400, "id" },
        { "a silo id's endpoint is 81 characters", "POST", $"/api/silos/{new string('s', 81)}@1/drain", null, null, 400, "id" },
        { "no silo has the id", "GET", "/api/silos/127.0.0.1:1@1", null, null, 404, "127.0.0.1:1@1" },
        { "draining a silo that does not exist", "POST", "/api/silos/127.0.0.1:1@1/drain", null, null, 404, "127.0.0.1:1@1" },
        { "a drain sent as GET", "GET", "/api/silos/some-silo.1/drain", null, null, 405, "GET" },
        { "a target that is a string", "POST", "/api/tasks", Json, """{"target":"orders"}""", 400, "target" },
        { "a target without its grain", "POST", "/api/tasks", Json, """{"type":"orders","target":{"key":"order-1"}}""", 400, "target.grain" },
        { "a target grain name with a space", "POST", "/api/tasks", Json, """{"target":{"grain":"my orders"}}""", 400, "target.grain" },
        { "an empty target key", "POST", "/api/tasks", Json, """{"target":{"grain":"orders","key":""}}""", 400, "target.key" },
        { "a target key of 257 characters", "POST", "/api/tasks", Json, $$$"""{"target":{"grain":"orders","key":"{{{new string('k', 257)}}}"}}""", 400, "target.key" },
        { "a target key that is a number", "POST", "/api/tasks", Json, """{"target":{"grain":"orders","key":42}}""", 400, "target.key" },
        { "an unknown field in a target", "POST", "/api/tasks", Json, """{"target":{"grain":"orders","silo":"a"}}""", 400, "target.silo" },
        { "a bad target in a batch's second task", "POST", "/api/tasks/batch", Json, """{"tasks":[{"type":"echo"},{"target":{"grain":""}}]}""", 400, "tasks[1].target.grain" },
        { "a bad target in a schedule's template", "POST", "/api/schedules", Json, """{"name":"bad-target","cron":"0 * * * *","task":{"target":{"grain":"a b"}}}""", 400, "task.target.grain" },
        { "an unknown route", "GET", "/api/nothing-here", null, null, 404, "/api/nothing-here" },
        { "a method the route does not take", "DELETE", "/api/tasks", null, null, 405, "DELETE" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task a_bad_request_gets_a_problem_naming_what_was_wrong_and_stores_nothing(
        string because, string method, string path, string? contentType, string? body, int status, string field)
    {
        if (await silo.Store.GetAsync(TakenId) is null)
        {
            await silo.Store.SubmitAsync(
            [
                new Tasks.TaskSubmission { Type = "echo", Id = TakenId, Queue = "unserved" },
                new Tasks.TaskSubmission { Type = "echo", Queue = "unserved", IdempotencyKey = KnownKey },
            ]);
        }
        int tasksBefore = (await silo.Store.AllTasksAsync()).Count;

        var response = await silo.Http.SendRawAsync(new HttpMethod(method), path, contentType, Expand(body));

        var (problem, detail) = await response.ProblemAsync(status, because);
        bool named = problem.TryGetProperty("errors", out var errors) ? errors.TryGetProperty(field, out _) && detail.Contains(field) : detail.Contains(field);
        Assert.True(named, $"{because}: the problem should name '{field}' in its errors and detail: {problem}");
        Assert.Equal(tasksBefore, (await silo.Store.AllTasksAsync()).Count);
    }

    /// <summary>Placeholders for bodies too large to write in a table.</summary>
    private static string? Expand(string? body) => body?
        .Replace("<300KiB>", new string('x', 300 * 1024))
        .Replace("<2MiB>", new string('x', 2 * 1024 * 1024))
        .Replace("<1001 ids>", "[" + string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"t{i}\"")) + "]")
        .Replace("<1001 tasks>", "[" + string.Join(",", Enumerable.Repeat("""{"type":"echo"}""", 1001)) + "]");
}
