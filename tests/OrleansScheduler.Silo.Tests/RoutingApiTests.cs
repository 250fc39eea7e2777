using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// The <c>routing</c> object through the API on both stores (the subclasses): kept and answered as given on a task,
/// a batch's and a family's tasks, a schedule's template and a workflow's task; a queue's default routing through
/// <c>/api/queues/{name}/routing</c>; and the routing fields of the task and silo answers.
/// </summary>
public abstract class RoutingApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "rt-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        var response = await _http.SendRawAsync(method, path, body is null ? null : "application/json", body);
        var answer = response.StatusCode == HttpStatusCode.NoContent ? default : await response.JsonAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {answer}");
        return answer;
    }

    [Fact]
    public async Task a_consistent_hash_task_runs_on_the_only_silo_and_reads_back_with_its_routing_and_the_silo_chosen()
    {
        string id = await _http.SubmitAsync("""
            {"type":"echo","payload":7,"routing":{"strategy":"consistentHash","key":"customer-42","concurrencyKey":"customer-42","maxConcurrent":1}}
            """);

        var task = await _http.WaitForStatusAsync(id, "Succeeded");

        var routing = task.GetProperty("routing");
        Assert.Equal(("consistentHash", "customer-42", 1, "customer-42", 1), (routing.Str("strategy"), routing.Str("key"), routing.GetProperty("cost").GetInt32(),
            routing.Str("concurrencyKey"), routing.GetProperty("maxConcurrent").GetInt32()));
        Assert.Equal(silo.SiloId, task.Str("routedTo"));
        Assert.Equal(silo.SiloId, task.Str("silo"));
        Assert.Equal(JsonValueKind.Null, task.GetProperty("routedSince").ValueKind);
        var stored = (await silo.Store.GetAsync(id))!.Routing;
        Assert.Equal((RoutingStrategy.ConsistentHash, "customer-42"), (stored?.Strategy, stored?.Key));
    }

    [Fact]
    public async Task an_unrouted_task_answers_null_routing_fields()
    {
        string id = await _http.SubmitAsync($$$"""{"type":"echo","queue":"{{{NewQueue()}}}"}""");

        var task = await _http.GetTaskAsync(id);

        foreach (string field in new[] { "routing", "routedTo", "routedSince" })
            Assert.True(task.GetProperty(field).ValueKind == JsonValueKind.Null, $"{field} should be null: {task}");
        Assert.True(task.TryGetProperty("waitingFor", out _), $"waitingFor should be answered: {task}");
        Assert.Null((await silo.Store.GetAsync(id))!.Routing);
    }

    [Fact]
    public async Task a_task_pinned_to_a_silo_that_is_not_there_waits_for_no_silo_and_says_why()
    {
        string id = await _http.SubmitAsync($$$"""{"type":"echo","queue":"{{{NewQueue()}}}","routing":{"strategy":"pinned","silo":"gpu-box-9"}}""");

        var task = await _http.GetTaskAsync(id);

        Assert.Equal(("Pending", TaskRouting.NoSilo), (task.Str("status"), task.Str("routedTo")));
        Assert.Contains("pinned silo 'gpu-box-9' is not Active", task.Str("waitingFor"));
        await SendAsync(HttpMethod.Post, $"/api/tasks/{id}/cancel", null, HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_batch_keeps_each_tasks_routing_and_a_family_its_childrens()
    {
        string queue = NewQueue();

        var ids = await _http.SubmitBatchAsync(
        [
            $$$"""{"type":"echo","queue":"{{{queue}}}"}""",
            $$$"""{"type":"echo","queue":"{{{queue}}}","routing":{"strategy":"roundRobin","reassignAfterMs":5000}}""",
            $$$$"""{"type":"echo","queue":"{{{{queue}}}}","routing":{"strategy":"bestFit","cost":3,"labels":{"gpu":"true","zone":"eu-1"}}}""",
        ]);
        var family = await SendAsync(HttpMethod.Post, "/api/tasks", $$$"""
            {"join":{"type":"echo","queue":"{{{queue}}}"},"children":[{"type":"echo","queue":"{{{queue}}}","routing":{"concurrencyKey":"invoice-9"}},{"type":"echo","queue":"{{{queue}}}"}]}
            """, HttpStatusCode.Created);

        Assert.Equal(JsonValueKind.Null, (await _http.GetTaskAsync(ids[0])).GetProperty("routing").ValueKind);
        var roundRobin = (await _http.GetTaskAsync(ids[1])).GetProperty("routing");
        Assert.Equal(("roundRobin", 5000), (roundRobin.Str("strategy"), roundRobin.GetProperty("reassignAfterMs").GetInt32()));
        var bestFit = (await _http.GetTaskAsync(ids[2])).GetProperty("routing");
        Assert.Equal(("bestFit", 3, "true", "eu-1"), (bestFit.Str("strategy"), bestFit.GetProperty("cost").GetInt32(),
            bestFit.GetProperty("labels").Str("gpu"), bestFit.GetProperty("labels").Str("zone")));
        var children = family.GetProperty("children").EnumerateArray().Select(c => c.GetString()!).ToList();
        var keyed = (await _http.GetTaskAsync(children[0])).GetProperty("routing");
        Assert.Equal(("shared", "invoice-9"), (keyed.Str("strategy"), keyed.Str("concurrencyKey")));
        Assert.Equal(JsonValueKind.Null, (await _http.GetTaskAsync(children[1])).GetProperty("routing").ValueKind);
    }

    [Fact]
    public async Task a_schedule_template_keeps_its_routing_and_submits_it_with_every_tick()
    {
        string name = "rt-sched-" + Guid.NewGuid().ToString("N")[..8];
        const string routing = """{"strategy":"consistentHash","key":"nightly","labels":{"zone":"eu-1"},"reassignAfterMs":60000}""";

        var put = await SendAsync(HttpMethod.Put, $"/api/schedules/{name}", $$$"""{"cron":"@daily","enabled":false,"task":{"type":"echo","routing":{{{routing}}}}}""", HttpStatusCode.Created);
        var got = await SendAsync(HttpMethod.Get, $"/api/schedules/{name}", null, HttpStatusCode.OK);

        foreach (var answer in new[] { put, got })
        {
            var template = answer.GetProperty("task").GetProperty("routing");
            Assert.True(template.ValueKind == JsonValueKind.Object, $"the template's routing should be kept: {answer}");
            Assert.Equal(("consistentHash", "nightly", "eu-1", 60000), (template.Str("strategy"), template.Str("key"),
                template.GetProperty("labels").Str("zone"), template.GetProperty("reassignAfterMs").GetInt32()));
        }
        var stored = (await silo.Factory.Services.GetRequiredService<IScheduleStore>().GetAsync(name))!.Definition.Task;
        var submission = stored.ToSubmission("tick-1").Routing;
        Assert.Equal((RoutingStrategy.ConsistentHash, "nightly", 60000), (submission?.Strategy, submission?.Key, submission?.ReassignAfterMs));
        Assert.Equal("eu-1", submission?.Labels?["zone"]);
    }

    [Fact]
    public async Task a_workflow_task_keeps_its_routing()
    {
        string workflow = "rt-wf-" + Guid.NewGuid().ToString("N")[..8];

        await SendAsync(HttpMethod.Post, "/api/workflows", $$$$"""
            {"id":"{{{{workflow}}}}","name":"routed","tasks":[{"key":"a","type":"echo","queue":"{{{{NewQueue()}}}}","routing":{"strategy":"random","labels":{"zone":"eu-1"}}}]}
            """, HttpStatusCode.Created);

        var node = await Testing.Eventually.Until(() => _http.GetTaskAsync($"{workflow}.a"), t => t.TryGetProperty("routing", out _), $"node a of {workflow} to be stored");
        var routing = node.GetProperty("routing");
        Assert.Equal(("random", "eu-1"), (routing.Str("strategy"), routing.GetProperty("labels").Str("zone")));
    }

    [Fact]
    public async Task a_queue_routing_is_put_read_back_and_cleared_and_registers_the_queue()
    {
        string queue = NewQueue();
        string path = $"/api/queues/{queue}/routing";

        var put = await SendAsync(HttpMethod.Put, path, """{"strategy":"leastLoaded","cost":2,"labels":{"zone":"eu-1"},"concurrencyKey":"tenant-1","maxConcurrent":4}""", HttpStatusCode.OK);
        var got = await SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);

        Assert.Equal(put.ToString(), got.ToString());
        Assert.Equal(("leastLoaded", 2, "eu-1", "tenant-1", 4), (got.Str("strategy"), got.GetProperty("cost").GetInt32(), got.GetProperty("labels").Str("zone"),
            got.Str("concurrencyKey"), got.GetProperty("maxConcurrent").GetInt32()));
        var queues = await SendAsync(HttpMethod.Get, "/api/queues", null, HttpStatusCode.OK);
        Assert.Contains(queue, queues.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(RoutingStrategy.LeastLoaded, (await silo.Store.GetQueueRoutingAsync(queue))?.Strategy);

        var replaced = await SendAsync(HttpMethod.Put, path, """{"strategy":"roundRobin"}""", HttpStatusCode.OK);
        Assert.Equal(("roundRobin", 1, JsonValueKind.Null), (replaced.Str("strategy"), replaced.GetProperty("cost").GetInt32(), replaced.GetProperty("labels").ValueKind));

        await SendAsync(HttpMethod.Delete, path, null, HttpStatusCode.NoContent);
        var none = await SendAsync(HttpMethod.Get, path, null, HttpStatusCode.NotFound);
        Assert.Contains("no default routing", none.Str("title"));
        await SendAsync(HttpMethod.Delete, path, null, HttpStatusCode.NoContent);
        Assert.Null(await silo.Store.GetQueueRoutingAsync(queue));
    }

    [Fact]
    public async Task the_routing_of_a_queue_nothing_named_is_a_404_to_get_and_to_clear()
    {
        string queue = NewQueue();

        var get = await SendAsync(HttpMethod.Get, $"/api/queues/{queue}/routing", null, HttpStatusCode.NotFound);
        var delete = await SendAsync(HttpMethod.Delete, $"/api/queues/{queue}/routing", null, HttpStatusCode.NotFound);

        Assert.Equal(("Queue not found.", "Queue not found."), (get.Str("title"), delete.Str("title")));
        Assert.DoesNotContain(queue, (await SendAsync(HttpMethod.Get, "/api/queues", null, HttpStatusCode.OK)).GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task the_routing_of_a_bad_queue_name_is_a_400_naming_the_name(string method)
    {
        var response = await _http.SendRawAsync(new HttpMethod(method), "/api/queues/bad%20q/routing", null, null);

        var (problem, detail) = await response.ProblemAsync(400, $"{method} of a bad queue name's routing");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _) && detail.Contains("name"), problem.ToString());
    }

    [Fact]
    public async Task a_task_submitted_without_routing_takes_its_queues_default_and_one_with_its_own_keeps_it()
    {
        string queue = NewQueue();
        await SendAsync(HttpMethod.Put, $"/api/queues/{queue}/routing", """{"concurrencyKey":"tenant-7","maxConcurrent":2}""", HttpStatusCode.OK);

        string plain = await _http.SubmitAsync($$$"""{"type":"echo","queue":"{{{queue}}}"}""");
        string own = await _http.SubmitAsync($$$"""{"type":"echo","queue":"{{{queue}}}","routing":{"strategy":"firstFit","cost":2}}""");

        var inherited = (await _http.GetTaskAsync(plain)).GetProperty("routing");
        Assert.Equal(("tenant-7", 2), (inherited.Str("concurrencyKey"), inherited.GetProperty("maxConcurrent").GetInt32()));
        var kept = (await _http.GetTaskAsync(own)).GetProperty("routing");
        Assert.Equal(("firstFit", 2, JsonValueKind.Null), (kept.Str("strategy"), kept.GetProperty("cost").GetInt32(), kept.GetProperty("concurrencyKey").ValueKind));
    }

    [Fact]
    public async Task the_silos_answer_their_free_slots_and_consistent_hash_keys()
    {
        var list = await SendAsync(HttpMethod.Get, "/api/silos", null, HttpStatusCode.OK);

        var self = list.GetProperty("silos").EnumerateArray().Single(s => s.Str("id") == silo.SiloId);
        int capacity = self.GetProperty("capacity").GetInt32(), free = self.GetProperty("freeSlots").GetInt32();
        Assert.True(free >= 0 && free <= capacity, $"freeSlots {free} should be within 0..{capacity}: {self}");
        Assert.True(self.GetProperty("consistentHashKeys").GetInt32() >= 0, self.ToString());
    }
}
