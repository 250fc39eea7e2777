using System.Net;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// <c>/api/workflows</c> on both stores (the subclasses): 201 with the workflow, 400 naming a cycle, a missing or a
/// duplicate key, 404 for an unknown workflow, 409 for an operation its status does not allow, and the .NET client.
/// </summary>
public abstract class WorkflowApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    [Fact]
    public async Task creating_a_workflow_answers_201_with_its_nodes_and_edges_and_it_runs_to_success()
    {
        var response = await _http.PostJsonAsync("/api/workflows", """
            {"name":"thumbnails","tasks":[{"key":"fetch","type":"echo","payload":{"n":1}},
             {"key":"resize","type":"echo","dependsOn":["fetch"]},{"key":"report","type":"echo","dependsOn":[{"key":"resize","onFailure":"continue"}]}]}
            """);
        var created = await response.JsonAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {created}");
        string id = created.Str("id");
        Assert.Equal($"/api/workflows/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("thumbnails", "Running"), (created.Str("name"), created.Str("status")));
        Assert.Equal(["fetch", "resize", "report"], created.GetProperty("nodes").EnumerateArray().Select(n => n.Str("key")));
        Assert.Equal($"{id}.fetch", created.GetProperty("nodes")[0].Str("taskId"));
        var edges = created.GetProperty("edges").EnumerateArray().Select(e => (e.Str("from"), e.Str("to"), e.Str("onFailure"))).ToList();
        Assert.Equal([("fetch", "resize", "cancel"), ("resize", "report", "continue")], edges);

        var done = await Eventually.Until(async () => await (await _http.GetAsync($"/api/workflows/{id}")).JsonAsync(),
            w => w.Str("status") == "Succeeded", $"workflow {id} to succeed", TimeSpan.FromSeconds(20));
        Assert.All(done.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("Succeeded", n.Str("status")));
    }

    [Theory]
    [InlineData("""{"name":"w","tasks":[{"key":"a","type":"echo","dependsOn":["c"]},{"key":"b","type":"echo","dependsOn":["a"]},{"key":"c","type":"echo","dependsOn":["b"]}]}""", "tasks", "a → c → b → a")]
    [InlineData("""{"name":"w","tasks":[{"key":"a","type":"echo","dependsOn":["nope"]}]}""", "tasks[0].dependsOn[0]", "'nope'")]
    [InlineData("""{"name":"w","tasks":[{"key":"a","type":"echo"},{"key":"a","type":"echo"}]}""", "tasks[1].key", "'a'")]
    [InlineData("""{"name":"w","tasks":[{"key":"a","type":"echo","dependsOn":[{"key":"a","onFailure":"ignore"}]}]}""", "tasks[0].dependsOn[0].onFailure", "continue")]
    [InlineData("""{"name":"w","tasks":[{"key":"a","type":"echo","priority":"high"}]}""", "tasks[0].priority", "whole number")]
    [InlineData("""{"name":"w","tasks":[]}""", "tasks", "1 to 5000")]
    public async Task an_invalid_workflow_is_a_400_naming_what_is_wrong_and_stores_nothing(string body, string field, string says)
    {
        var response = await _http.PostJsonAsync("/api/workflows", body);

        var (problem, detail) = await response.ProblemAsync(400, body);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        Assert.Contains(says, messages[0].GetString());
        Assert.Contains(field, detail);
    }

    [Fact]
    public async Task a_client_chosen_id_names_the_workflow_and_its_nodes_and_a_second_use_of_it_is_a_409()
    {
        string id = "wf-" + Guid.NewGuid().ToString("N")[..12];
        string body = $$"""{"id":"{{id}}","name":"chosen","tasks":[{"key":"only","type":"echo"}]}""";

        var first = await _http.PostJsonAsync("/api/workflows", body);
        var again = await _http.PostJsonAsync("/api/workflows", body);
        var tooLong = await _http.PostJsonAsync("/api/workflows", """{"id":"a-workflow-id-longer-than-26-characters","name":"w","tasks":[{"key":"a","type":"echo"}]}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/workflows/{id}", first.Headers.Location?.OriginalString);
        Assert.Equal($"{id}.only", (await first.JsonAsync()).GetProperty("nodes")[0].Str("taskId"));
        var (conflict, _) = await again.ProblemAsync(409, "the same id twice");
        Assert.Equal(id, conflict.Str("workflowId"));
        var (invalid, _) = await tooLong.ProblemAsync(400, "an id of 41 characters");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("id", out _), invalid.ToString());
    }

    [Fact]
    public async Task getting_a_workflow_with_wait_ms_answers_once_it_has_finished_and_a_bad_wait_is_a_400()
    {
        var created = await (await _http.PostJsonAsync("/api/workflows", """{"name":"w","tasks":[{"key":"a","type":"sleep","payload":{"ms":300}},{"key":"b","type":"echo","dependsOn":["a"]}]}""")).JsonAsync();
        string id = created.Str("id");

        var done = await (await _http.GetAsync($"/api/workflows/{id}?waitMs=20000")).JsonAsync();
        var bad = await _http.GetAsync($"/api/workflows/{id}?waitMs=soon");

        Assert.Equal("Succeeded", done.Str("status"));
        var (problem, _) = await bad.ProblemAsync(400, "waitMs=soon");
        Assert.True(problem.GetProperty("errors").TryGetProperty("waitMs", out _));
    }

    [Fact]
    public async Task an_unknown_workflow_is_a_404_for_every_operation()
    {
        string id = "01UNKNOWNWORKFLOW000000000";
        foreach (var (method, path) in new[] { (HttpMethod.Get, ""), (HttpMethod.Post, "/cancel"), (HttpMethod.Post, "/retry"), (HttpMethod.Delete, "") })
        {
            var response = await _http.SendAsync(new HttpRequestMessage(method, $"/api/workflows/{id}{path}"));
            var (problem, _) = await response.ProblemAsync(404, $"{method} {path}");
            Assert.Equal(id, problem.Str("workflowId"));
        }
    }

    [Fact]
    public async Task canceling_a_finished_workflow_or_retrying_one_that_succeeded_is_a_409_naming_its_status()
    {
        var client = silo.Client;
        var workflow = await client.CreateWorkflowAsync(new WorkflowRequest { Name = "once", Tasks = [new WorkflowTaskRequest { Key = "only", Type = "echo" }] });
        var finished = await client.WaitForWorkflowAsync(workflow.Id, TimeSpan.FromSeconds(20));
        Assert.Equal(Workflows.WorkflowStatus.Succeeded, finished?.Status);

        var cancel = await _http.PostAsync($"/api/workflows/{workflow.Id}/cancel", null);
        var (problem, detail) = await cancel.ProblemAsync(409, "cancel of a finished workflow");
        Assert.Equal(("Succeeded", "cancel"), (problem.Str("workflowStatus"), problem.Str("operation")));
        Assert.Contains(workflow.Id, detail);
        var retry = await Assert.ThrowsAsync<SchedulerApiException>(() => client.RetryWorkflowAsync(workflow.Id));
        Assert.Equal(409, (int)retry.StatusCode);

        var deleted = await client.DeleteWorkflowAsync(workflow.Id);
        Assert.Equal(workflow.Id, deleted.Id);
        Assert.Null(await client.GetWorkflowAsync(workflow.Id));
        Assert.Null(await silo.Store.GetAsync($"{workflow.Id}.only"));
    }
}
