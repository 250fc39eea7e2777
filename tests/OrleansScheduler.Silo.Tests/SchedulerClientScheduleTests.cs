using System.Net;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// The typed client's schedule calls against a fake gateway speaking the <c>/api/schedules</c>
/// contract: the requests it sends and how it reads the answers.
/// </summary>
public sealed class SchedulerClientScheduleTests
{
    private const string ScheduleJson = """
        {"name":"nightly","cron":"0 3 * * *","timeZone":"Europe/Paris",
         "task":{"type":"echo","queue":"reports","payload":{"kind":"daily"},"priority":5,"maxAttempts":2,"timeoutMs":60000,"backoffMs":500},
         "enabled":true,"overlap":"skip","catchUp":"once","nextFireAt":"2026-03-02T02:00:00+00:00","lastFiredAt":null,"lastTaskId":null,
         "createdAt":"2026-03-01T10:00:00+00:00","updatedAt":"2026-03-01T11:00:00+00:00"}
        """;

    private readonly FakeGateway _gateway = new();
    private readonly SchedulerClient _client;

    public SchedulerClientScheduleTests() => _client = new SchedulerClient(_gateway.CreateClient());

    private static ScheduleRequest Nightly() => new()
    {
        Name = "nightly",
        Cron = "0 3 * * *",
        TimeZone = "Europe/Paris",
        Task = new ScheduleTaskInfo { Type = "echo", Queue = "reports", Payload = JsonSerializer.SerializeToElement(new { kind = "daily" }), Priority = 5 },
        Overlap = OverlapPolicy.Skip,
        CatchUp = CatchUpPolicy.Once,
    };

    private static void AssertNightly(ScheduleInfo schedule)
    {
        Assert.Equal(("nightly", "0 3 * * *", "Europe/Paris"), (schedule.Name, schedule.Cron, schedule.TimeZone));
        Assert.Equal(("echo", "reports", 5, 2, 60000L, 500L), (schedule.Task.Type, schedule.Task.Queue, schedule.Task.Priority, schedule.Task.MaxAttempts, schedule.Task.TimeoutMs, schedule.Task.BackoffMs));
        Assert.Equal("daily", schedule.Task.Payload!.Value.GetProperty("kind").GetString());
        Assert.Equal((true, OverlapPolicy.Skip, CatchUpPolicy.Once), (schedule.Enabled, schedule.Overlap, schedule.CatchUp));
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T02:00:00Z"), schedule.NextFireAt);
        Assert.Null(schedule.LastFiredAt);
        Assert.Null(schedule.LastTaskId);
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T11:00:00Z"), schedule.UpdatedAt);
    }

    [Fact]
    public async Task create_posts_the_schedule_with_only_what_it_sets_and_reads_the_201_answer()
    {
        _gateway.Answer(HttpStatusCode.Created, ScheduleJson);

        var created = await _client.CreateScheduleAsync(Nightly());

        var sent = Assert.Single(_gateway.Requests);
        Assert.Equal((HttpMethod.Post, "/api/schedules"), (sent.Method, sent.PathAndQuery));
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(["name", "cron", "timeZone", "task", "overlap", "catchUp"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("skip", "once"), (body.RootElement.GetProperty("overlap").GetString(), body.RootElement.GetProperty("catchUp").GetString()));
        Assert.Equal(["type", "queue", "payload", "priority"], body.RootElement.GetProperty("task").EnumerateObject().Select(p => p.Name));
        AssertNightly(created);
    }

    [Fact]
    public async Task creating_a_schedule_whose_name_is_taken_throws_the_409_problem()
    {
        _gateway.Problem(HttpStatusCode.Conflict, "The schedule name is taken.", "A schedule named 'nightly' exists.");

        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.CreateScheduleAsync(Nightly()));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("nightly", error.Detail);
    }

    [Fact]
    public async Task put_sends_the_body_without_the_name_to_the_schedule_s_route_and_reads_200_or_201()
    {
        _gateway.Answer(HttpStatusCode.Created, ScheduleJson).Answer(HttpStatusCode.OK, ScheduleJson);

        var created = await _client.PutScheduleAsync(Nightly() with { Name = "nightly run", Enabled = false });
        var replaced = await _client.PutScheduleAsync(Nightly());

        Assert.Equal((HttpMethod.Put, "/api/schedules/nightly%20run"), (_gateway.Requests[0].Method, _gateway.Requests[0].PathAndQuery));
        using var body = JsonDocument.Parse(_gateway.Requests[0].Body!);
        Assert.False(body.RootElement.TryGetProperty("name", out _), body.RootElement.ToString());
        Assert.False(body.RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal("/api/schedules/nightly", _gateway.Requests[1].PathAndQuery);
        AssertNightly(created);
        AssertNightly(replaced);
    }

    [Fact]
    public async Task list_reads_the_schedules_array_and_get_reads_one_or_null_for_a_404()
    {
        _gateway.Answer(HttpStatusCode.OK, $$"""{"schedules":[{{ScheduleJson}}]}""")
                .Answer(HttpStatusCode.OK, ScheduleJson)
                .Problem(HttpStatusCode.NotFound, "Schedule not found.", "There is no schedule 'gone'.");

        var all = await _client.ListSchedulesAsync();
        var one = await _client.GetScheduleAsync("nightly");
        var none = await _client.GetScheduleAsync("gone");

        AssertNightly(Assert.Single(all));
        AssertNightly(one!);
        Assert.Null(none);
        Assert.Equal(["/api/schedules", "/api/schedules/nightly", "/api/schedules/gone"], _gateway.Requests.Select(r => r.PathAndQuery));
        Assert.All(_gateway.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
    }

    [Fact]
    public async Task delete_accepts_a_204_and_throws_the_404_problem()
    {
        _gateway.Answer(HttpStatusCode.NoContent).Problem(HttpStatusCode.NotFound, "Schedule not found.", "There is no schedule 'gone'.");

        await _client.DeleteScheduleAsync("nightly");
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.DeleteScheduleAsync("gone"));

        Assert.Equal((HttpMethod.Delete, "/api/schedules/nightly"), (_gateway.Requests[0].Method, _gateway.Requests[0].PathAndQuery));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("gone", error.Detail);
    }
}
