using System.Net;
using System.Text.Json;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// A parent submitted with its children in one step (<c>POST /api/tasks</c> with <c>join</c> and
/// <c>children</c>) and its children read back (<c>GET /api/tasks/{id}/children</c>), on both stores (the subclasses).
/// </summary>
public abstract class FamilyApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private const string Served = "family-served";

    /// <summary>The class's worker silo (built-in handlers), started by the first test that needs it: it serves <see cref="Served"/> and <c>family-other</c>.</summary>
    private string WorkerQueue()
    {
        _ = silo.SharedSilo("family-worker", new Dictionary<string, string?> { ["Scheduler:Queues:0"] = Served, ["Scheduler:Queues:1"] = "family-other" });
        return Served;
    }

    private async Task<JsonElement> SubmitFamilyAsync(string json)
    {
        var response = await _http.PostJsonAsync("/api/tasks", json);
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task a_parent_with_children_answers_201_waiting_with_its_childrens_ids_and_joins_once_they_finished()
    {
        string queue = WorkerQueue();

        var submitted = await SubmitFamilyAsync($$"""
            {"join": {"type": "echo", "queue": "{{queue}}", "payload": {"joined": true} },
             "children": [{"type": "echo", "queue": "{{queue}}", "payload": 1}, {"type": "echo", "queue": "family-other", "payload": 2}]}
            """);

        string id = submitted.Str("id");
        Assert.Equal("Waiting", submitted.Str("status"));
        Assert.Equal([$"{id}.0", $"{id}.1"], submitted.GetProperty("children").EnumerateArray().Select(c => c.GetString()));
        var parent = await _http.WaitForStatusAsync(id, "Succeeded");
        Assert.Equal("""{"joined":true}""", parent.GetProperty("result").GetRawText());
        Assert.Equal(2, parent.GetProperty("childCount").GetInt32());
        Assert.Equal(2, parent.GetProperty("childrenFinished").GetInt32());
        Assert.True(parent.GetProperty("isJoin").GetBoolean());
        Assert.Equal("Collect", parent.Str("failurePolicy"));
        var child = await _http.GetTaskAsync($"{id}.1");
        Assert.Equal(id, child.Str("parentId"));
        Assert.Equal(1, child.GetProperty("depth").GetInt32());

        var page = await (await _http.GetAsync($"/api/tasks/{id}/children?limit=1&start=1")).JsonAsync();
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var only = Assert.Single(page.GetProperty("children").EnumerateArray());
        Assert.Equal(1, only.GetProperty("index").GetInt32());
        Assert.Equal("2", only.GetProperty("result").GetRawText());
        Assert.Equal("family-other", only.Str("queue"));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task a_failing_child_under_fail_fast_fails_the_parent_through_the_api()
    {
        string queue = WorkerQueue();

        var submitted = await SubmitFamilyAsync($$"""
            {"join": {"type": "echo", "queue": "{{queue}}"}, "failurePolicy": "failFast",
             "children": [{"type": "fail", "queue": "{{queue}}", "payload": {"times": 9}, "maxAttempts": 1} ] }
            """);

        var parent = await _http.WaitForStatusAsync(submitted.Str("id"), "Failed");
        Assert.StartsWith($"Child '{submitted.Str("id")}.0' ended Failed", parent.Str("error"));
    }

    [Theory]
    [InlineData("""{"children": [{"type": "echo"}]}""", "join")]
    [InlineData("""{"join": {"type": "echo"}}""", "children")]
    [InlineData("""{"join": {"type": "echo"}, "children": []}""", "children")]
    [InlineData("""{"join": {"type": "echo"}, "children": [{"type": "echo", "id": "mine"}]}""", "children[0].id")]
    [InlineData("""{"join": {"type": "echo"}, "children": [{"type": "echo", "idempotencyKey": "k"}]}""", "children[0].idempotencyKey")]
    [InlineData("""{"join": {"type": "echo"}, "children": [{"type": "no spaces"}]}""", "children[0].type")]
    [InlineData("""{"join": {"type": "echo"}, "children": [{"type": "echo"}], "failurePolicy": "sometimes"}""", "failurePolicy")]
    [InlineData("""{"type": "echo", "join": {"type": "echo"}, "children": [{"type": "echo"}]}""", "type")]
    public async Task a_bad_family_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        string queue = "family-bad-" + Guid.NewGuid().ToString("N")[..8];
        body = body.Replace("\"type\": \"echo\"", $"\"type\": \"echo\", \"queue\": \"{queue}\"", StringComparison.Ordinal);

        var response = await _http.PostJsonAsync("/api/tasks", body);

        var (problem, _) = await response.ProblemAsync(400, body);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {problem}");
        Assert.Empty((await silo.Store.ListAsync(new OrleansScheduler.Storage.TaskQuery { Queue = queue })).Tasks);
    }

    [Fact]
    public async Task the_children_of_an_unknown_task_are_a_404_and_a_bad_page_a_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/tasks/no-such-task/children")).StatusCode);

        var (problem, _) = await (await _http.GetAsync("/api/tasks/no-such-task/children?limit=0")).ProblemAsync(400, "limit=0");
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
        var (unknown, _) = await (await _http.GetAsync("/api/tasks/no-such-task/children?offset=5")).ProblemAsync(400, "offset=5");
        Assert.True(unknown.GetProperty("errors").TryGetProperty("offset", out _));
    }
}
