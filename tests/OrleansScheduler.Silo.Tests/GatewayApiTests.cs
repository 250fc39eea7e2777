using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// The gateway API against a real silo, written once and run on both stores (the subclasses).
/// Tasks that must not run go to a queue of their own, which the silo does not serve, so they
/// stay where the test put them.
/// </summary>
public abstract class GatewayApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string UnservedQueue() => "q-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonElement> WaitForStatusAsync(string location, string status) =>
        await Eventually.Until(
            async () => await (await _http.GetAsync(location)).JsonAsync(),
            task => task.Str("status") == status,
            $"task {location} to be {status}");

    [Fact]
    public async Task a_submission_answers_201_with_the_id_the_status_and_a_location()
    {
        var response = await _http.PostJsonAsync("/api/tasks", """{"type":"echo","queue":"QUEUE"}""".Replace("QUEUE", UnservedQueue()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        string id = body.Str("id");
        Assert.Equal("Pending", body.Str("status"));
        Assert.Equal($"/api/tasks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(id, (await (await _http.GetAsync(response.Headers.Location)).JsonAsync()).Str("id"));
    }

    [Fact]
    public async Task an_echo_task_runs_to_succeeded_with_its_payload_as_the_result()
    {
        var response = await _http.PostJsonAsync("/api/tasks", """{"type":"echo","payload":{"greeting":"hello","n":[1,2,3]},"priority":5}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var task = await WaitForStatusAsync(response.Headers.Location!.OriginalString, "Succeeded");

        Assert.Equal(JsonValueKind.Object, task.GetProperty("payload").ValueKind);
        Assert.True(JsonElement.DeepEquals(task.GetProperty("payload"), task.GetProperty("result")), $"result should echo the payload: {task}");
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
        Assert.Equal(5, task.GetProperty("priority").GetInt32());
        Assert.Equal(silo.SiloId, task.Str("silo"));
        Assert.StartsWith($"127.0.0.1:{silo.Factory.SiloPort}@", task.Str("silo"));
        Assert.Equal(0, task.GetProperty("failovers").GetInt32());
        Assert.Equal("default", task.Str("queue"));
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("finishedAt").ValueKind);
        Assert.Equal(30000, task.GetProperty("timeoutMs").GetInt64());
    }

    [Fact]
    public async Task a_delayed_task_is_scheduled_and_canceling_it_answers_200_with_the_canceled_task()
    {
        var response = await _http.PostJsonAsync("/api/tasks", """{"type":"echo","delayMs":600000}""");
        var submitted = await response.JsonAsync();
        Assert.Equal("Scheduled", submitted.Str("status"));

        var cancel = await _http.PostAsync($"/api/tasks/{submitted.Str("id")}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Canceled", (await cancel.JsonAsync()).Str("status"));
        Assert.Equal("Canceled", (await (await _http.GetAsync(response.Headers.Location)).JsonAsync()).Str("status"));
    }

    [Fact]
    public async Task a_task_with_run_at_in_the_future_is_scheduled_for_that_time()
    {
        var runAt = DateTimeOffset.UtcNow.AddHours(1);
        var response = await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","runAt":"{{runAt:O}}"}""");

        Assert.Equal("Scheduled", (await response.JsonAsync()).Str("status"));
        var task = await (await _http.GetAsync(response.Headers.Location)).JsonAsync();
        Assert.Equal(runAt.ToUnixTimeMilliseconds(), task.GetProperty("runAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task canceling_a_finished_task_is_a_409_naming_the_queue_the_task_and_the_states()
    {
        var response = await _http.PostJsonAsync("/api/tasks", """{"type":"echo","payload":1}""");
        string id = (await response.JsonAsync()).Str("id");
        await WaitForStatusAsync(response.Headers.Location!.OriginalString, "Succeeded");

        var cancel = await _http.PostAsync($"/api/tasks/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType?.MediaType);
        var problem = await cancel.JsonAsync();
        string detail = problem.Str("detail");
        Assert.Contains(id, detail);
        Assert.Contains("'default'", detail);
        Assert.Contains("Succeeded", detail);
        Assert.Contains("Pending", detail);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("Succeeded", problem.Str("taskStatus"));
        Assert.Contains("Scheduled", problem.GetProperty("allowedStatuses").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task a_batch_answers_201_with_the_ids_in_order_and_every_task_runs()
    {
        string body = """{"tasks":[""" + string.Join(",", Enumerable.Range(0, 5).Select(i => $$$"""{"type":"echo","payload":{"i":{{{i}}}}}""")) + "]}";

        var response = await _http.PostJsonAsync("/api/tasks/batch", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await response.JsonAsync()).GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(5, ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            var task = await WaitForStatusAsync($"/api/tasks/{ids[i]}", "Succeeded");
            Assert.Equal(i, task.GetProperty("result").GetProperty("i").GetInt32());
        }
    }

    [Fact]
    public async Task a_client_chosen_id_is_kept_and_giving_it_again_is_a_409_that_stores_nothing()
    {
        string id = "order-" + Guid.NewGuid().ToString("N")[..8];
        string queue = UnservedQueue();
        var first = await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","id":"{{id}}","queue":"{{queue}}"}""");
        Assert.Equal(id, (await first.JsonAsync()).Str("id"));

        var second = await _http.PostJsonAsync("/api/tasks/batch", $$"""{"tasks":[{"type":"echo","queue":"{{queue}}"},{"type":"echo","id":"{{id}}"}]}""");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("tasks[1].id", out _), problem.ToString());
        Assert.Single(await silo.Store.AllTasksAsync(queue));
    }

    [Fact]
    public async Task repeating_a_submission_with_its_idempotency_key_answers_201_with_the_same_id_and_stores_one_task()
    {
        string queue = UnservedQueue();
        string body = $$"""{"type":"echo","queue":"{{queue}}","payload":{"order":42},"idempotencyKey":"order-42/charge"}""";

        var first = await _http.PostJsonAsync("/api/tasks", body);
        var second = await _http.PostJsonAsync("/api/tasks", body);
        var batch = await _http.PostJsonAsync("/api/tasks/batch", $$"""{"tasks":[{"type":"echo","queue":"{{queue}}"},{{body}}]}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        string id = (await first.JsonAsync()).Str("id");
        Assert.Equal(id, (await second.JsonAsync()).Str("id"));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(HttpStatusCode.Created, batch.StatusCode);
        var ids = (await batch.JsonAsync()).GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.NotEqual(id, ids[0]);
        Assert.Equal(id, ids[1]);
        Assert.Equal(2, (await silo.Store.AllTasksAsync(queue)).Count);
    }

    [Fact]
    public async Task a_repeated_submission_answers_the_status_the_first_task_has_got_to()
    {
        string body = $$"""{"type":"echo","payload":"once","idempotencyKey":"{{Guid.NewGuid():N}}"}""";
        string id = (await (await _http.PostJsonAsync("/api/tasks", body)).JsonAsync()).Str("id");
        await WaitForStatusAsync($"/api/tasks/{id}", "Succeeded");

        var again = await (await _http.PostJsonAsync("/api/tasks", body)).JsonAsync();

        Assert.Equal(id, again.Str("id"));
        Assert.Equal("Succeeded", again.Str("status"));
    }

    [Fact]
    public async Task an_idempotency_key_given_again_with_another_payload_is_a_409_naming_the_queue_the_key_and_the_existing_task()
    {
        string queue = UnservedQueue();
        string id = (await (await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","queue":"{{queue}}","payload":1,"idempotencyKey":"k-1"}""")).JsonAsync()).Str("id");

        var single = await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","queue":"{{queue}}","payload":2,"idempotencyKey":"k-1"}""");
        var batch = await _http.PostJsonAsync("/api/tasks/batch", $$"""{"tasks":[{"type":"echo","queue":"{{queue}}"},{"type":"sleep","queue":"{{queue}}","payload":1,"idempotencyKey":"k-1"}]}""");

        foreach (var (response, field) in new[] { (single, "idempotencyKey"), (batch, "tasks[1].idempotencyKey") })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.JsonAsync();
            Assert.Equal(queue, problem.Str("queue"));
            Assert.Equal("k-1", problem.Str("idempotencyKey"));
            Assert.Equal(id, problem.Str("existingTaskId"));
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
            foreach (string part in new[] { field, queue, "k-1", id }) Assert.Contains(part, problem.Str("detail"));
        }
        Assert.Single(await silo.Store.AllTasksAsync(queue));
    }

    [Fact]
    public async Task an_idempotency_key_is_scoped_to_its_queue()
    {
        string key = "k-" + Guid.NewGuid().ToString("N");

        var one = await (await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","queue":"{{UnservedQueue()}}","idempotencyKey":"{{key}}"}""")).JsonAsync();
        var two = await (await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","queue":"{{UnservedQueue()}}","idempotencyKey":"{{key}}"}""")).JsonAsync();

        Assert.NotEqual(one.Str("id"), two.Str("id"));
    }

    [Fact]
    public async Task listing_filters_by_queue_status_and_type()
    {
        string queue = UnservedQueue();
        var echoes = new List<string>();
        for (int i = 0; i < 4; i++) echoes.Add((await (await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","queue":"{{queue}}"}""")).JsonAsync()).Str("id"));
        for (int i = 0; i < 2; i++) await _http.PostJsonAsync("/api/tasks", $$"""{"type":"sleep","queue":"{{queue}}","delayMs":600000}""");
        await _http.PostAsync($"/api/tasks/{echoes[0]}/cancel", null);

        async Task<List<JsonElement>> ListAsync(string query) =>
            [.. (await (await _http.GetAsync("/api/tasks?queue=" + queue + query)).JsonAsync()).GetProperty("tasks").EnumerateArray()];

        Assert.Equal(6, (await ListAsync("")).Count);
        Assert.All(await ListAsync(""), t => Assert.Equal(queue, t.Str("queue")));
        Assert.Equal([echoes[0]], (await ListAsync("&status=Canceled")).Select(t => t.Str("id")));
        Assert.Equal(echoes[1..], (await ListAsync("&status=Pending")).Select(t => t.Str("id")));
        Assert.Equal(2, (await ListAsync("&type=sleep")).Count);
        Assert.All(await ListAsync("&type=sleep&status=Scheduled"), t => Assert.Equal("sleep", t.Str("type")));
        Assert.Empty(await ListAsync("&type=sleep&status=Pending"));
    }

    [Fact]
    public async Task listing_pages_through_a_queue_with_the_cursor_in_creation_order()
    {
        string queue = UnservedQueue();
        var submitted = (await (await _http.PostJsonAsync("/api/tasks/batch",
            """{"tasks":[""" + string.Join(",", Enumerable.Repeat($$"""{"type":"echo","queue":"{{queue}}"}""", 7)) + "]}")).JsonAsync())
            .GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();

        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = await (await _http.GetAsync($"/api/tasks?queue={queue}&limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
            var tasks = page.GetProperty("tasks").EnumerateArray().Select(t => t.Str("id")).ToList();
            pageSizes.Add(tasks.Count);
            seen.AddRange(tasks);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pageSizes.Count < 10);

        Assert.Equal(submitted, seen);
        Assert.Equal([3, 3, 1], pageSizes);
    }

    [Fact]
    public async Task an_unknown_task_is_a_404_problem_naming_the_id()
    {
        foreach (var response in new[] { await _http.GetAsync("/api/tasks/NO-SUCH-TASK"), await _http.PostAsync("/api/tasks/NO-SUCH-TASK/cancel", null) })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("NO-SUCH-TASK", (await response.JsonAsync()).Str("detail"));
        }
    }

    [Fact]
    public async Task queues_lists_every_queue_tasks_were_submitted_to()
    {
        string queue = UnservedQueue();
        await _http.PostJsonAsync("/api/tasks", $$"""{"type":"echo","queue":"{{queue}}"}""");

        var queues = (await (await _http.GetAsync("/api/queues")).JsonAsync()).GetProperty("queues").EnumerateArray().Select(q => q.GetString());

        Assert.Contains(queue, queues);
    }

    [Fact]
    public async Task healthz_answers_ok_with_the_role_the_silo_address_and_its_name()
    {
        var response = await _http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("ok", body.Str("status"));
        Assert.Equal("silo", body.Str("role"));
        Assert.Equal(silo.SiloId, body.Str("silo"));
        Assert.StartsWith($"127.0.0.1:{silo.Factory.SiloPort}@", body.Str("silo"));
        Assert.Equal(silo.SiloName, body.Str("name"));
    }

    [Fact]
    public async Task readyz_answers_ready_once_the_silo_has_joined_the_cluster()
    {
        var response = await _http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(("ready", "silo", silo.SiloId, silo.SiloName), (body.Str("status"), body.Str("role"), body.Str("silo"), body.Str("name")));
    }

    [Fact]
    public async Task get_with_wait_ms_answers_once_the_task_has_finished()
    {
        string id = await _http.SubmitAsync("""{"type":"sleep","payload":{"ms":300}}""");

        var response = await _http.GetAsync($"/api/tasks/{id}?waitMs=30000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = await response.JsonAsync();
        Assert.Equal((id, "Succeeded"), (task.Str("id"), task.Str("status")));
    }

    [Fact]
    public async Task get_with_wait_ms_answers_the_task_as_it_is_when_the_wait_is_over()
    {
        string id = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{UnservedQueue()}}"}""");
        var asked = Stopwatch.StartNew();

        var response = await _http.GetAsync($"/api/tasks/{id}?waitMs=300");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Pending", (await response.JsonAsync()).Str("status"));
        Assert.True(asked.Elapsed >= TimeSpan.FromMilliseconds(300), $"the answer came after {asked.ElapsedMilliseconds} ms, before the wait was over");
    }

    [Fact]
    public async Task the_openapi_document_describes_every_gateway_endpoint()
    {
        var response = await _http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        string[] expected =
        [
            "/api/tasks", "/api/tasks/batch", "/api/tasks/{id}", "/api/tasks/{id}/cancel", "/api/tasks/{id}/pause", "/api/tasks/{id}/resume", "/api/tasks/{id}/retry",
            "/api/queues", "/api/queues/{name}/dead-letter", "/api/queues/{name}/dead-letter/retry", "/api/silos", "/api/silos/{id}", "/api/silos/{id}/drain", "/healthz", "/readyz",
        ];
        foreach (string path in expected)
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI paths: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(paths.GetProperty("/api/tasks").GetProperty("post").TryGetProperty("requestBody", out _), "POST /api/tasks should document its body");
        Assert.Contains("canceled first", paths.GetProperty("/api/tasks/{id}").GetProperty("delete").GetProperty("summary").GetString());
        Assert.Contains("idempotencyKey", paths.GetProperty("/api/tasks").GetProperty("post").GetProperty("summary").GetString());
    }
}
