using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// <c>/api/schedules</c> on both stores (the subclasses): create, replace, list, get, delete, and a
/// schedule that fires through the fixture's silo. Every test uses names of its own, because the
/// fixture's silo and store are shared by the class.
/// </summary>
public abstract class ScheduleApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private IScheduleStore Schedules => silo.Factory.Services.GetRequiredService<IScheduleStore>();

    private static string NewName() => "sched-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        var response = await _http.SendRawAsync(method, path, json is null ? null : "application/json", json);
        var body = response.StatusCode == HttpStatusCode.NoContent ? default : await response.JsonAsync();
        return (response, body);
    }

    private static void AssertStatus(HttpStatusCode expected, HttpResponseMessage response, JsonElement body) =>
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");

    [Fact]
    public async Task creating_a_schedule_answers_201_with_its_defaults_its_next_tick_and_a_location_that_gets_it()
    {
        string name = NewName();
        var before = DateTimeOffset.UtcNow;

        var (response, created) = await SendAsync(HttpMethod.Post, "/api/schedules", $$$"""{"name":"{{{name}}}","cron":"0 9 * * MON-FRI","task":{"type":"echo"}}""");

        AssertStatus(HttpStatusCode.Created, response, created);
        Assert.Equal($"/api/schedules/{name}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, created.Str("name"));
        Assert.Equal("0 9 * * MON-FRI", created.Str("cron"));
        Assert.Equal("UTC", created.Str("timeZone"));
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal("allow", created.Str("overlap"));
        Assert.Equal("none", created.Str("catchUp"));
        var task = created.GetProperty("task");
        Assert.Equal(("echo", "default", JsonValueKind.Null, 0, 3, 30000L, 1000L), (task.Str("type"), task.Str("queue"), task.GetProperty("payload").ValueKind,
            task.GetProperty("priority").GetInt32(), task.GetProperty("maxAttempts").GetInt32(), task.GetProperty("timeoutMs").GetInt64(), task.GetProperty("backoffMs").GetInt64()));
        var next = created.GetProperty("nextFireAt").GetDateTimeOffset();
        Assert.True(next > before && next.UtcDateTime is { Hour: 9, Minute: 0, Second: 0 } && next.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"nextFireAt {next:O}");
        Assert.Equal(JsonValueKind.Null, created.GetProperty("lastFiredAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("lastTaskId").ValueKind);
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset(), created.GetProperty("updatedAt").GetDateTimeOffset());

        var (_, got) = await SendAsync(HttpMethod.Get, $"/api/schedules/{name}");
        Assert.Equal(created.ToString(), got.ToString());
    }

    [Fact]
    public async Task a_schedule_with_every_field_round_trips_and_its_next_tick_is_in_its_time_zone()
    {
        string name = NewName();
        string body = $$$"""
            {"name":"{{{name}}}","cron":"30 9 * * *","timeZone":"Europe/Berlin","enabled":true,"overlap":"skip","catchUp":"once",
             "task":{"type":"report","queue":"reports","payload":{"region":"eu"},"priority":5,"maxAttempts":2,"timeoutMs":60000,"backoffMs":0}}
            """;

        var (response, created) = await SendAsync(HttpMethod.Post, "/api/schedules", body);

        AssertStatus(HttpStatusCode.Created, response, created);
        Assert.Equal(("Europe/Berlin", "skip", "once"), (created.Str("timeZone"), created.Str("overlap"), created.Str("catchUp")));
        var task = created.GetProperty("task");
        Assert.Equal("""{"region":"eu"}""", task.GetProperty("payload").GetRawText());
        Assert.Equal((5, 2, 60000L, 0L), (task.GetProperty("priority").GetInt32(), task.GetProperty("maxAttempts").GetInt32(),
            task.GetProperty("timeoutMs").GetInt64(), task.GetProperty("backoffMs").GetInt64()));
        var berlin = TimeZoneInfo.ConvertTime(created.GetProperty("nextFireAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal((9, 30), (berlin.Hour, berlin.Minute));
    }

    [Fact]
    public async Task creating_a_schedule_whose_name_is_taken_is_a_409_naming_it_and_the_first_stays()
    {
        string name = NewName();
        await SendAsync(HttpMethod.Post, "/api/schedules", $$$"""{"name":"{{{name}}}","cron":"@daily","task":{"type":"echo"}}""");

        var (response, problem) = await SendAsync(HttpMethod.Post, "/api/schedules", $$$"""{"name":"{{{name}}}","cron":"@hourly","task":{"type":"sleep"}}""");

        AssertStatus(HttpStatusCode.Conflict, response, problem);
        Assert.Contains(name, problem.Str("detail"));
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal("@daily", (await Schedules.GetAsync(name))!.Definition.Cron);
    }

    [Fact]
    public async Task put_creates_with_201_then_replaces_with_200_keeping_its_creation_and_recomputing_its_next_tick()
    {
        string name = NewName();
        var (createdResponse, created) = await SendAsync(HttpMethod.Put, $"/api/schedules/{name}", """{"cron":"0 0 1 1 *","task":{"type":"echo"}}""");
        AssertStatus(HttpStatusCode.Created, createdResponse, created);
        Assert.Equal($"/api/schedules/{name}", createdResponse.Headers.Location?.OriginalString);

        var (replacedResponse, replaced) = await SendAsync(HttpMethod.Put, $"/api/schedules/{name}",
            $$$"""{"name":"{{{name}}}","cron":"* * * * *","enabled":false,"task":{"type":"sleep","payload":{"ms":1} } }""");

        AssertStatus(HttpStatusCode.OK, replacedResponse, replaced);
        Assert.Equal(("* * * * *", "sleep", false), (replaced.Str("cron"), replaced.GetProperty("task").Str("type"), replaced.GetProperty("enabled").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("nextFireAt").ValueKind); // disabled: no tick
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset(), replaced.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(replaced.GetProperty("updatedAt").GetDateTimeOffset() >= created.GetProperty("updatedAt").GetDateTimeOffset());

        var (_, enabled) = await SendAsync(HttpMethod.Put, $"/api/schedules/{name}", """{"cron":"* * * * *","task":{"type":"sleep"}}""");
        var next = enabled.GetProperty("nextFireAt").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow.AddSeconds(-1) && next <= DateTimeOffset.UtcNow.AddMinutes(1), $"nextFireAt {next:O}");
    }

    [Fact]
    public async Task the_list_holds_every_schedule_sorted_by_name()
    {
        string prefix = NewName();
        foreach (string suffix in new[] { "c", "a", "b" })
            await SendAsync(HttpMethod.Post, "/api/schedules", $$$"""{"name":"{{{prefix}}}-{{{suffix}}}","cron":"@weekly","task":{"type":"echo"}}""");

        var (response, list) = await SendAsync(HttpMethod.Get, "/api/schedules");

        AssertStatus(HttpStatusCode.OK, response, list);
        var names = list.GetProperty("schedules").EnumerateArray().Select(s => s.Str("name")).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task deleting_a_schedule_answers_204_and_then_it_is_a_404()
    {
        string name = NewName();
        await SendAsync(HttpMethod.Post, "/api/schedules", $$$"""{"name":"{{{name}}}","cron":"@daily","task":{"type":"echo"}}""");

        var (deleted, _) = await SendAsync(HttpMethod.Delete, $"/api/schedules/{name}");
        var (again, problem) = await SendAsync(HttpMethod.Delete, $"/api/schedules/{name}");
        var (get, _) = await SendAsync(HttpMethod.Get, $"/api/schedules/{name}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        AssertStatus(HttpStatusCode.NotFound, again, problem);
        Assert.Contains(name, problem.Str("detail"));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Null(await Schedules.GetAsync(name));
    }

    [Fact]
    public async Task a_schedule_fires_its_task_through_the_silo()
    {
        string name = NewName();
        var (response, created) = await SendAsync(HttpMethod.Post, "/api/schedules",
            $$$"""{"name":"{{{name}}}","cron":"* * * * * *","task":{"type":"echo","payload":{"from":"{{{name}}}"} } }""");
        AssertStatus(HttpStatusCode.Created, response, created);
        try
        {
            var fired = await Eventually.Until(async () => (await SendAsync(HttpMethod.Get, $"/api/schedules/{name}")).Body,
                s => s.GetProperty("lastTaskId").ValueKind == JsonValueKind.String, $"schedule {name} to fire a task", TimeSpan.FromSeconds(15));

            var task = await _http.WaitForStatusAsync(fired.Str("lastTaskId"), "Succeeded", TimeSpan.FromSeconds(15));
            Assert.Equal(name, task.GetProperty("result").GetProperty("from").GetString());
            Assert.True(fired.GetProperty("lastFiredAt").GetDateTimeOffset() >= created.GetProperty("nextFireAt").GetDateTimeOffset());
            Assert.True(fired.GetProperty("nextFireAt").GetDateTimeOffset() > created.GetProperty("nextFireAt").GetDateTimeOffset());
        }
        finally
        {
            await SendAsync(HttpMethod.Delete, $"/api/schedules/{name}");
        }
    }
}
