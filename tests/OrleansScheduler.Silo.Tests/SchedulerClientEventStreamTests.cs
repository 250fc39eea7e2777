using System.Net;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Tests;

/// <summary>How the typed client parses a <c>text/event-stream</c>, fed by a fake gateway: the framing details a real gateway never varies.</summary>
public sealed class SchedulerClientEventStreamTests
{
    private readonly FakeGateway _gateway = new();
    private readonly SchedulerClient _client;

    public SchedulerClientEventStreamTests() => _client = new SchedulerClient(_gateway.CreateClient());

    private static string Event(string id, string type, string taskId) =>
        $$"""{"id":"{{id}}","taskId":"{{taskId}}","queue":"q","type":"{{type}}","from":null,"to":"Pending","silo":null,"attempt":0,"time":"2026-03-01T10:00:00+00:00","error":null}""";

    private async Task<List<TaskEventInfo>> StreamAsync(string body, string? lastEventId = null)
    {
        _gateway.Answer(HttpStatusCode.OK, body, "text/event-stream");
        var events = new List<TaskEventInfo>();
        await foreach (var e in _client.StreamEventsAsync("q", lastEventId)) events.Add(e);
        return events;
    }

    [Fact]
    public async Task comments_are_skipped_line_endings_may_be_crlf_and_data_may_span_lines()
    {
        string[] json = Event("1-0", "submitted", "a").Split(",\"taskId\"");
        string body = ": keep-alive\r\n\r\n"
                      + "id: 1-0\r\nevent: submitted\r\ndata: " + json[0] + "\r\ndata: ,\"taskId\"" + json[1] + "\r\n\r\n"
                      + ":another comment\n"
                      + "id:2-0\nevent:started\ndata:" + Event("2-0", "started", "b") + "\n\n";

        var events = await StreamAsync(body);

        Assert.Equal([("1-0", "submitted", "a"), ("2-0", "started", "b")], events.Select(e => (e.Id, e.Type, e.TaskId)));
        Assert.Equal(TaskState.Pending, events[0].To);
        Assert.Null(events[0].From);
    }

    [Fact]
    public async Task an_event_cut_off_by_the_end_of_the_stream_is_dropped()
    {
        var events = await StreamAsync("id: 1-0\nevent: submitted\ndata: " + Event("1-0", "submitted", "a") + "\n\nid: 2-0\nevent: started\ndata: {\"id\":");

        Assert.Equal(["1-0"], events.Select(e => e.Id));
    }

    [Fact]
    public async Task the_request_names_the_queue_asks_for_an_event_stream_and_sends_last_event_id_when_given()
    {
        await StreamAsync("", lastEventId: "17-3");
        await StreamAsync("");

        var resumed = _gateway.Requests[0];
        Assert.Equal((HttpMethod.Get, "/api/events?queue=q"), (resumed.Method, resumed.PathAndQuery));
        Assert.Equal("17-3", resumed.Headers["Last-Event-ID"]);
        Assert.Contains("text/event-stream", resumed.Headers["Accept"]);
        Assert.False(_gateway.Requests[1].Headers.ContainsKey("Last-Event-ID"));
    }

    [Fact]
    public async Task a_refused_stream_throws_the_problem()
    {
        _gateway.Problem(HttpStatusCode.BadRequest, "The event stream request is invalid.", "Last-Event-ID: must be an event id.");

        var error = await Assert.ThrowsAsync<SchedulerApiException>(async () =>
        {
            await foreach (var _ in _client.StreamEventsAsync("q", "x")) { }
        });

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Last-Event-ID", error.Detail);
    }
}
