using System.Net;
using System.Text.Json;
using OrleansScheduler.Membership;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// <c>/api/silos</c> on silos sharing one store and membership table, written once and run on both
/// stores (the subclasses). Tests that change the table do it with silos or entries of their own.
/// </summary>
public abstract class SiloEndpointsTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement> SilosAsync() => await (await _http.GetAsync("/api/silos")).JsonAsync();

    private static JsonElement? Find(JsonElement list, string id) =>
        list.GetProperty("silos").EnumerateArray().Where(s => s.Str("id") == id).Cast<JsonElement?>().FirstOrDefault();

    [Fact]
    public async Task the_list_shows_every_silo_with_its_address_heartbeat_age_load_labels_and_the_role_holder()
    {
        string gateway = ClusterFixture.IncarnationOf(cluster.Gateway), worker = ClusterFixture.IncarnationOf(cluster.Worker);

        var list = await Eventually.Until(SilosAsync,
            l => Find(l, gateway) is not null && Find(l, worker) is not null && l.GetProperty("schedulerRoleHolder").ValueKind == JsonValueKind.String,
            $"both silos ({gateway}, {worker}) in the table and a scheduler role holder");

        var a = Find(list, gateway)!.Value;
        Assert.Equal(ClusterFixture.GatewayName, a.Str("name"));
        Assert.Equal(ClusterFixture.GatewayAddress, a.Str("address"));
        Assert.Equal("Active", a.Str("status"));
        Assert.Equal(ClusterFixture.Zone, a.GetProperty("labels").Str("zone"));
        Assert.Equal(100, a.GetProperty("capacity").GetInt32());
        Assert.Equal(["default"], a.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.False(string.IsNullOrEmpty(a.Str("version")), $"version is empty: {a}");
        Assert.InRange(a.GetProperty("heartbeatAgeMs").GetInt64(), 0, 5000);
        Assert.InRange(a.GetProperty("running").GetInt32(), 0, 100);
        Assert.True(a.GetProperty("uptimeMs").GetInt64() >= 0, $"uptimeMs is negative: {a}");
        Assert.True(a.GetProperty("startedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow, $"startedAt is in the future: {a}");
        Assert.Equal(JsonValueKind.Null, a.GetProperty("declaredDeadAt").ValueKind);
        Assert.False(a.GetProperty("drainRequested").GetBoolean());

        var b = Find(list, worker)!.Value;
        Assert.Equal(ClusterFixture.WorkerName, b.Str("name"));
        // No Scheduler:Address: the first listen URL stands in.
        Assert.Equal(SiloConfiguration.DefaultUrl, b.Str("address"));
        Assert.Equal(ClusterFixture.WorkerCapacity, b.GetProperty("capacity").GetInt32());

        string holder = list.Str("schedulerRoleHolder");
        var flagged = list.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("roleHolder").GetBoolean()).Select(s => s.Str("id")).ToList();
        Assert.True(flagged.Count <= 1 && flagged.All(id => id == holder), $"only the holder {holder} may be flagged roleHolder: {list}");
    }

    [Fact]
    public async Task get_by_id_answers_the_one_silo()
    {
        string worker = ClusterFixture.IncarnationOf(cluster.Worker);

        var response = await _http.GetAsync($"/api/silos/{worker}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var silo = await response.JsonAsync();
        Assert.Equal(worker, silo.Str("id"));
        Assert.Equal(ClusterFixture.WorkerName, silo.Str("name"));
    }

    [Fact]
    public async Task a_drain_request_answers_202_lets_the_running_task_finish_and_the_silo_leaves_the_table()
    {
        string queue = Unique("drain-q");
        var drained = cluster.StartSilo(Unique("drained"), new Dictionary<string, string?>
        {
            ["Scheduler:Queues:0"] = queue,
            ["Scheduler:DrainTimeout"] = "00:00:30",
        });
        string id = ClusterFixture.IncarnationOf(drained);
        var submitted = await _http.PostJsonAsync("/api/tasks", $$$"""{"type":"sleep","queue":"{{{queue}}}","payload":{"ms":500}}""");
        string location = submitted.Headers.Location!.OriginalString;
        await Eventually.Until(async () => await (await _http.GetAsync(location)).JsonAsync(),
            t => t.Str("status") == "Running", $"task {location} to be Running on {id}");

        var response = await _http.PostAsync($"/api/silos/{id}/drain", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/silos/{id}", response.Headers.Location?.OriginalString);
        var body = await response.JsonAsync();
        Assert.Equal(id, body.Str("id"));
        Assert.True(body.GetProperty("drainRequested").GetBoolean(), $"drainRequested should be true: {body}");

        await Eventually.Until(async () => (await _http.GetAsync($"/api/silos/{id}")).StatusCode, status => status == HttpStatusCode.NotFound,
            $"drained silo {id} to leave the membership table (GET /api/silos/{id} → 404)");
        Assert.Null(Find(await SilosAsync(), id));
        var task = await (await _http.GetAsync(location)).JsonAsync();
        Assert.True(task.Str("status") == "Succeeded" && task.Str("silo") == id && task.GetProperty("attempt").GetInt32() == 1,
            $"the drained silo should have finished its running task in its first attempt: {task}");
    }

    [Fact]
    public async Task draining_a_dead_silo_is_a_409_naming_its_state()
    {
        string name = Unique("ghost"), id = name + ".1";
        await cluster.Cluster.JoinAsync(new SiloEntry { Id = id, Name = name, Status = SiloStatus.Active, StartedAt = DateTimeOffset.UtcNow });
        await Eventually.Until(async () =>
            {
                await cluster.Cluster.DeclareDeadAsync(id, TimeSpan.Zero);
                return (await cluster.Cluster.ListAsync()).FirstOrDefault(s => s.Id == id)?.Status;
            },
            status => status == SiloStatus.Dead, $"silo {id} to be declared dead");

        var response = await _http.PostAsync($"/api/silos/{id}/drain", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("Dead", problem.Str("siloStatus"));
        Assert.Equal(id, problem.Str("siloId"));
        Assert.Contains(id, problem.Str("detail"));
        Assert.Contains("Dead", problem.Str("detail"));
        var listed = Find(await SilosAsync(), id);
        Assert.True(listed is { } ghost && ghost.Str("status") == "Dead" && ghost.GetProperty("declaredDeadAt").ValueKind == JsonValueKind.String,
            $"the dead silo should be listed as Dead with the time it was declared: {listed}");
    }

    [Fact]
    public async Task draining_an_unknown_silo_is_a_404_naming_the_id()
    {
        var response = await _http.PostAsync("/api/silos/no-such-silo.42/drain", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-such-silo.42", (await response.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task a_silo_name_given_for_an_id_gets_a_404_that_lists_its_incarnations()
    {
        var response = await _http.PostAsync($"/api/silos/{ClusterFixture.WorkerName}/drain", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        string detail = (await response.JsonAsync()).Str("detail");
        Assert.Contains(ClusterFixture.IncarnationOf(cluster.Worker), detail);
        Assert.NotNull(Find(await SilosAsync(), ClusterFixture.IncarnationOf(cluster.Worker)));
    }
}
