using System.Net;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// The gateway-only executable (an Orleans client, no silo, no store) serving the API by calling the
/// grains of a silo of the test, written once and run on both ways it connects (the subclasses).
/// </summary>
public abstract class GatewayOnlyTests(GatewayOnlyFixture fixture)
{
    private readonly HttpClient _http = fixture.GatewayHttp;

    private static string UnservedQueue() => "gw-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task healthz_says_the_process_is_a_gateway_and_names_no_silo()
    {
        var response = await _http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(("ok", "gateway", Environment.MachineName), (body.Str("status"), body.Str("role"), body.Str("name")));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("silo").ValueKind);
    }

    [Fact]
    public async Task readyz_answers_ready_once_the_gateway_has_connected()
    {
        var response = await _http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(("ready", "gateway"), (body.Str("status"), body.Str("role")));
    }

    [Fact]
    public async Task a_task_submitted_through_the_gateway_runs_on_the_silo_and_get_with_wait_ms_answers_its_outcome()
    {
        var response = await _http.PostJsonAsync("/api/tasks", """{"type":"echo","payload":{"via":"gateway"}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var waited = await _http.GetAsync(response.Headers.Location!.OriginalString + "?waitMs=30000");

        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        var task = await waited.JsonAsync();
        Assert.Equal(("Succeeded", fixture.SiloId), (task.Str("status"), task.Str("silo")));
        Assert.Equal("gateway", task.GetProperty("result").GetProperty("via").GetString());
    }

    [Fact]
    public async Task the_typed_client_submits_and_waits_for_the_outcome_through_the_gateway()
    {
        var client = fixture.Gateway.CreateSchedulerClient();

        var submitted = await client.SubmitAsync(SubmitTaskRequest.Create("echo", new { n = 3 }));
        var task = await client.WaitAsync(submitted.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(TaskState.Succeeded, task?.Status);
        Assert.Equal(3, task!.Result!.Value.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task canceling_a_delayed_task_through_the_gateway_cancels_it_in_the_store()
    {
        string id = await _http.SubmitAsync("""{"type":"echo","delayMs":600000}""");

        var cancel = await _http.PostAsync($"/api/tasks/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Canceled", (await cancel.JsonAsync()).Str("status"));
        Assert.Equal(TaskState.Canceled, (await fixture.Store.GetAsync(id))?.Status);
    }

    [Fact]
    public async Task listing_and_queues_show_what_was_submitted_through_the_gateway()
    {
        string queue = UnservedQueue();
        var ids = await _http.SubmitBatchAsync(Enumerable.Repeat($$"""{"type":"echo","queue":"{{queue}}"}""", 3));

        var page = await (await _http.GetAsync($"/api/tasks?queue={queue}")).JsonAsync();
        var queues = await (await _http.GetAsync("/api/queues")).JsonAsync();

        Assert.Equal(ids, page.GetProperty("tasks").EnumerateArray().Select(t => t.Str("id")));
        Assert.Contains(queue, queues.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(3, (await fixture.Store.AllTasksAsync(queue)).Count);
    }

    [Fact]
    public async Task schedules_are_created_listed_and_deleted_through_the_gateway()
    {
        string name = "gw-sched-" + Guid.NewGuid().ToString("N")[..8];

        var created = await _http.SendRawAsync(HttpMethod.Put, $"/api/schedules/{name}", "application/json", """{"cron":"@daily","task":{"type":"echo"}}""");
        var listed = await (await _http.GetAsync("/api/schedules")).JsonAsync();
        var deleted = await _http.DeleteAsync($"/api/schedules/{name}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains(name, listed.GetProperty("schedules").EnumerateArray().Select(s => s.Str("name")));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/schedules/{name}")).StatusCode);
    }

    [Fact]
    public async Task the_silo_list_through_the_gateway_shows_the_cluster_s_silo_hosting_the_scheduler()
    {
        var list = await Testing.Eventually.Until(async () => await (await _http.GetAsync("/api/silos")).JsonAsync(),
            l => l.GetProperty("schedulerSilo").ValueKind == JsonValueKind.String, "a scheduler silo");

        var silo = Assert.Single(list.GetProperty("silos").EnumerateArray(), s => s.Str("id") == fixture.SiloId);
        Assert.Equal(("Active", fixture.SiloName), (silo.Str("status"), silo.Str("name")));
        Assert.Equal(fixture.SiloId, list.Str("schedulerSilo"));
    }
}
