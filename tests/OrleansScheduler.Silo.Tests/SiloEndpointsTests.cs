using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// <c>/api/silos</c> and <c>/readyz</c> on two silos of one Orleans cluster, written once and run on
/// both stores (the subclasses). The list is Orleans' membership with each silo's load from its
/// worker; silos go by address. Tests that drain or stop a silo start one of their own.
/// </summary>
public abstract class SiloEndpointsTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string PathOf(string id) => "/api/silos/" + Uri.EscapeDataString(id);

    private async Task<JsonElement> SilosAsync() => await (await _http.GetAsync("/api/silos")).JsonAsync();

    private async Task<JsonElement> SiloAsync(string id) => await (await _http.GetAsync(PathOf(id))).JsonAsync();

    private static JsonElement? Find(JsonElement list, string id) =>
        list.GetProperty("silos").EnumerateArray().Where(s => s.Str("id") == id).Cast<JsonElement?>().FirstOrDefault();

    private Task<JsonElement> WaitForStatusAsync(string id, string status) =>
        Eventually.Until(() => SiloAsync(id), s => s.TryGetProperty("status", out var value) && value.GetString() == status, $"silo {id} to be {status}");

    [Fact]
    public async Task the_list_shows_every_silo_by_address_with_its_name_status_load_labels_and_the_silo_the_scheduler_runs_on()
    {
        string gateway = cluster.SiloId, worker = cluster.Worker.SiloId;
        static bool Answered(JsonElement? silo) => silo is { } s && s.Str("status") == "Active" && s.GetProperty("capacity").GetInt32() > 0;

        var list = await Eventually.Until(SilosAsync,
            l => Answered(Find(l, gateway)) && Answered(Find(l, worker)) && l.GetProperty("schedulerSilo").ValueKind == JsonValueKind.String,
            $"both silos ({gateway}, {worker}) Active with their load, and a scheduler silo");

        var a = Find(list, gateway)!.Value;
        Assert.StartsWith($"127.0.0.1:{cluster.Factory.SiloPort}@", gateway);
        Assert.Equal(ClusterFixture.GatewayName, a.Str("name"));
        Assert.False(string.IsNullOrEmpty(a.Str("hostName")), $"hostName is empty: {a}");
        Assert.Equal(ClusterFixture.Zone, a.GetProperty("labels").Str("zone"));
        Assert.Equal(100, a.GetProperty("capacity").GetInt32());
        Assert.Equal(["default"], a.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.False(string.IsNullOrEmpty(a.Str("version")), $"version is empty: {a}");
        Assert.InRange(a.GetProperty("running").GetInt32(), 0, 100);
        Assert.True(a.GetProperty("startedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow, $"startedAt is in the future: {a}");
        Assert.False(a.GetProperty("draining").GetBoolean());

        var b = Find(list, worker)!.Value;
        Assert.StartsWith($"127.0.0.1:{cluster.Worker.SiloPort}@", worker);
        Assert.Equal(ClusterFixture.WorkerName, b.Str("name"));
        Assert.Equal(ClusterFixture.WorkerCapacity, b.GetProperty("capacity").GetInt32());
        Assert.Empty(b.GetProperty("labels").EnumerateObject());

        string scheduler = list.Str("schedulerSilo");
        Assert.Contains(scheduler, new[] { gateway, worker });
        var flagged = list.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("hostsScheduler").GetBoolean()).Select(s => s.Str("id"));
        Assert.Equal([scheduler], flagged);
    }

    [Fact]
    public async Task get_by_id_answers_the_one_silo()
    {
        string worker = cluster.Worker.SiloId;

        var response = await _http.GetAsync(PathOf(worker));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var silo = await response.JsonAsync();
        Assert.Equal(worker, silo.Str("id"));
        Assert.Equal(ClusterFixture.WorkerName, silo.Str("name"));
        Assert.Equal("Active", silo.Str("status"));
    }

    [Fact]
    public async Task a_drain_request_answers_202_lets_the_running_task_finish_then_the_silo_leaves_the_cluster_and_stops()
    {
        string queue = Unique("drain-q");
        var drained = cluster.StartSilo(new Dictionary<string, string?>
        {
            ["Scheduler:Queues:0"] = queue,
            ["Scheduler:DrainTimeout"] = "00:00:30",
        });
        string id = drained.SiloId;
        var lifetime = drained.Services.GetRequiredService<IHostApplicationLifetime>();
        string task = await _http.SubmitAsync($$"""{"type":"sleep","queue":"{{queue}}","payload":{"ms":500} }""");
        await _http.WaitForStatusAsync(task, "Running");

        var response = await _http.PostAsync(PathOf(id) + "/drain", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(PathOf(id), response.Headers.Location?.OriginalString);
        var body = await response.JsonAsync();
        Assert.Equal(id, body.Str("id"));
        Assert.True(body.GetProperty("draining").GetBoolean(), $"draining should be true: {body}");

        await WaitForStatusAsync(id, "Dead");
        await Eventually.Until(() => Task.FromResult(lifetime.ApplicationStopped.IsCancellationRequested), stopped => stopped, $"drained silo {id} to stop its host");
        var finished = await _http.GetTaskAsync(task);
        Assert.True(finished.Str("status") == "Succeeded" && finished.Str("silo") == id && finished.GetProperty("attempt").GetInt32() == 1,
            $"the drained silo should have finished its running task in its first attempt: {finished}");
    }

    [Fact]
    public async Task a_silo_is_ready_once_it_has_joined_and_not_ready_while_it_drains_and_its_load_shows_what_it_runs()
    {
        string queue = Unique("ready-q");
        // The running task holds the drain (it may take a minute) until the test cancels it.
        var silo = cluster.StartSilo(new Dictionary<string, string?>
        {
            ["Scheduler:Queues:0"] = queue,
            ["Scheduler:DrainTimeout"] = "00:01:00",
        });
        string id = silo.SiloId;
        using var probe = silo.CreateClient();
        var ready = await probe.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var readyBody = await ready.JsonAsync();
        Assert.Equal(("ready", "silo", id), (readyBody.Str("status"), readyBody.Str("role"), readyBody.Str("silo")));
        string task = await _http.SubmitAsync($$"""{"type":"sleep","queue":"{{queue}}","payload":{"ms":60000} }""");
        await _http.WaitForStatusAsync(task, "Running");
        var busy = await Eventually.Until(() => SiloAsync(id), s => s.GetProperty("running").GetInt32() == 1, $"silo {id} to report its running task");
        Assert.Equal([queue], busy.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));

        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync(PathOf(id) + "/drain", null)).StatusCode);

        var notReady = await Eventually.Until(() => probe.GetAsync("/readyz"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable, $"silo {id} to answer /readyz with 503");
        var body = await notReady.JsonAsync();
        Assert.Equal(("not-ready", "silo", id), (body.Str("status"), body.Str("role"), body.Str("silo")));
        Assert.True((await SiloAsync(id)).GetProperty("draining").GetBoolean(), $"silo {id} should be listed as draining");
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/api/tasks/{task}/cancel", null)).StatusCode);
        await WaitForStatusAsync(id, "Dead");
    }

    [Fact]
    public async Task draining_a_silo_that_has_left_the_cluster_is_a_409_naming_its_state()
    {
        var gone = cluster.StartSilo();
        string id = gone.SiloId;
        await gone.DisposeAsync();
        await WaitForStatusAsync(id, "Dead");

        var response = await _http.PostAsync(PathOf(id) + "/drain", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("Dead", problem.Str("siloStatus"));
        Assert.Equal(id, problem.Str("siloId"));
        Assert.Contains(id, problem.Str("detail"));
        Assert.Contains("Dead", problem.Str("detail"));
        Assert.Equal("Dead", Find(await SilosAsync(), id)?.Str("status"));
    }

    [Fact]
    public async Task draining_an_unknown_silo_is_a_404_naming_the_id()
    {
        const string id = "127.0.0.1:1@1";

        var response = await _http.PostAsync(PathOf(id) + "/drain", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(id, (await response.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task a_silo_name_given_for_an_id_is_a_400_saying_silos_go_by_address_and_drains_nothing()
    {
        var response = await _http.PostAsync($"/api/silos/{ClusterFixture.WorkerName}/drain", null);

        var (problem, detail) = await response.ProblemAsync(400, "a silo name instead of its address");
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _), problem.ToString());
        Assert.Contains("host:port@generation", detail);
        Assert.Equal("Active", (await SiloAsync(cluster.Worker.SiloId)).Str("status"));
        Assert.False((await SiloAsync(cluster.Worker.SiloId)).GetProperty("draining").GetBoolean());
    }
}
