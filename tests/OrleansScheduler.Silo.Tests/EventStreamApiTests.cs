using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// <c>GET /api/events</c>: a queue's events as Server-Sent Events, on both stores (the subclasses),
/// read by hand with HttpClient so the framing itself is checked.
/// </summary>
public abstract class EventStreamApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "sse-" + Guid.NewGuid().ToString("N")[..12];

    private static bool HasType(List<SseFrame> events, string taskId, string type) =>
        events.Any(e => e.Event == type && e.Json().Str("taskId") == taskId);

    [Fact]
    public async Task the_stream_opens_at_once_and_delivers_the_events_of_tasks_submitted_and_run_as_they_happen()
    {
        string queue = NewQueue();
        await using var stream = await EventStreamReader.OpenAsync(_http, $"/api/events?queue={queue}");
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", stream.Response.Headers.CacheControl?.ToString());

        await using var worker = silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = queue });
        var ids = await _http.SubmitBatchAsync([
            $$"""{"type":"echo","queue":"{{queue}}","payload":1}""",
            $$"""{"type":"echo","queue":"{{queue}}","payload":2}""",
        ]);
        var events = await stream.ReadUntilAsync(e => ids.All(id => HasType(e, id, "succeeded")), $"succeeded events of {string.Join(", ", ids)}");

        foreach (string id in ids)
            Assert.Equal(["submitted", "started", "succeeded"], events.Where(e => e.Json().Str("taskId") == id).Select(e => e.Event));
        foreach (var e in events)
        {
            var data = e.Json();
            Assert.Equal((e.Id, e.Event, queue), (data.Str("id"), data.Str("type"), data.Str("queue")));
        }
        var succeeded = events.First(e => e.Event == "succeeded").Json();
        Assert.Equal(("Running", "Succeeded", 1), (succeeded.Str("from"), succeeded.Str("to"), succeeded.GetProperty("attempt").GetInt32()));
        EventIds.AssertIncreasing([.. events.Select(e => e.Id!)]);
    }

    [Fact]
    public async Task reconnecting_with_last_event_id_delivers_only_the_events_after_it()
    {
        string queue = NewQueue();
        string first = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}"}""");
        string seen;
        await using (var stream = await EventStreamReader.OpenAsync(_http, $"/api/events?queue={queue}"))
            seen = (await stream.ReadUntilAsync(e => e.Count == 1, "the first submitted event"))[0].Id!;
        string second = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}"}""");
        await _http.PostAsync($"/api/tasks/{first}/cancel", null);

        await using var resumed = await EventStreamReader.OpenAsync(_http, $"/api/events?queue={queue}", lastEventId: seen);
        var events = await resumed.ReadUntilAsync(e => e.Count == 2, "the two events after the first");

        Assert.Equal([("submitted", second), ("canceled", first)], events.Select(e => (e.Event, e.Json().Str("taskId"))));
        Assert.All(events, e => Assert.True(EventIds.Compare(seen, e.Id!) < 0, $"{e.Id} should come after {seen}"));
    }

    [Fact]
    public async Task after_in_the_query_resumes_the_same_way_and_last_event_id_wins_over_it()
    {
        string queue = NewQueue();
        var ids = await _http.SubmitBatchAsync(Enumerable.Range(0, 3).Select(i => $$"""{"type":"echo","queue":"{{queue}}","payload":{{i}} }"""));
        List<SseFrame> all;
        await using (var stream = await EventStreamReader.OpenAsync(_http, $"/api/events?queue={queue}"))
            all = await stream.ReadUntilAsync(e => e.Count == 3, "three submitted events");

        await using var byQuery = await EventStreamReader.OpenAsync(_http, $"/api/events?queue={queue}&after={all[0].Id}");
        await using var byHeader = await EventStreamReader.OpenAsync(_http, $"/api/events?queue={queue}&after={all[0].Id}", lastEventId: all[1].Id);

        Assert.Equal(ids.Order(), all.Select(e => e.Json().Str("taskId")).Order());
        Assert.Equal([all[1].Id, all[2].Id], (await byQuery.ReadUntilAsync(e => e.Count == 2, "two events after the first")).Select(e => e.Id));
        Assert.Equal(all[2].Id, (await byHeader.NextAsync()).Id);
    }

    [Fact]
    public async Task a_quiet_stream_sends_keep_alive_comments()
    {
        await using var gateway = silo.StartSilo(new Dictionary<string, string?>
        {
            ["Scheduler:Events:KeepAliveInterval"] = "00:00:00.200",
            ["Scheduler:Queues:0"] = NewQueue(),
        });
        using var http = gateway.CreateClient();
        await using var stream = await EventStreamReader.OpenAsync(http, $"/api/events?queue={NewQueue()}");

        var frame = await stream.NextAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("keep-alive", frame.Comment);
    }

    [Fact]
    public async Task an_open_stream_ends_when_its_silo_stops_instead_of_holding_the_stop_up()
    {
        var gateway = silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = NewQueue() });
        using var http = gateway.CreateClient();
        await using var stream = await EventStreamReader.OpenAsync(http, $"/api/events?queue={NewQueue()}");

        var stopping = Task.Run(async () => await gateway.DisposeAsync());

        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await stream.EndedAsync(TimeSpan.FromSeconds(10)), "the stream should end with its silo");
    }

    [Fact]
    public async Task a_stream_opened_before_a_queue_exists_delivers_its_first_event()
    {
        string queue = NewQueue();
        await using var stream = await EventStreamReader.OpenAsync(_http, $"/api/events?queue={queue}");

        string id = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}","delayMs":600000}""");

        var submitted = (await stream.ReadUntilAsync(e => e.Count == 1, $"the submitted event of {id}"))[0].Json();
        Assert.Equal((id, "submitted", "Scheduled"), (submitted.Str("taskId"), submitted.Str("type"), submitted.Str("to")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, submitted.GetProperty("from").ValueKind);
    }
}
