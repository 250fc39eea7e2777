using System.Text.Json;
using OrleansScheduler.Executors.Http;
using OrleansScheduler.Handlers;
using OrleansScheduler.Testing;
using Response = OrleansScheduler.Testing.LoopbackHttpServer.Response;

namespace OrleansScheduler.Executors.Tests.Http;

/// <summary>What an answer becomes: the result of an expected status, or a failure that says why.</summary>
public sealed class HttpHandlerOutcomeTests
{
    private static HttpExecutorHarness Harness(Func<LoopbackHttpServer.Request, Response> respond, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(new LoopbackHttpServer(respond), settings);

    [Fact]
    public async Task a_200_with_a_json_body_succeeds_with_the_status_content_type_and_parsed_body_as_the_result()
    {
        await using var http = Harness(_ => Response.Json("""{"ok":true,"items":[1,2]}"""));

        var result = await http.RunAsync(new { url = http.Server.Url("/hook?token=abc") });

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.StartsWith("application/json", result.GetProperty("contentType").GetString());
        Assert.True(result.GetProperty("body").GetProperty("ok").GetBoolean());
        Assert.Equal(2, result.GetProperty("body").GetProperty("items").GetArrayLength());
        Assert.False(result.GetProperty("truncated").GetBoolean());
        var request = Assert.Single(http.Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/hook?token=abc", request.Target);
    }

    [Fact]
    public async Task a_text_body_is_kept_as_text_and_so_is_json_that_does_not_parse()
    {
        await using var http = Harness(r => r.Target == "/text" ? new Response(200, "hello, world") : Response.Json("{not json"));

        var text = await http.RunAsync(new { url = http.Server.Url("/text") });
        var broken = await http.RunAsync(new { url = http.Server.Url("/broken") });

        Assert.Equal("hello, world", text.GetProperty("body").GetString());
        Assert.Equal("{not json", broken.GetProperty("body").GetString());
    }

    [Fact]
    public async Task a_json_body_is_sent_as_json_a_string_body_as_text_and_a_content_type_header_wins()
    {
        await using var http = Harness(_ => new Response(200));

        await http.RunAsync(new { method = "POST", url = http.Server.Url("/json"), body = new { amount = 5 } });
        await http.RunAsync(new { method = "PUT", url = http.Server.Url("/text"), body = "plain words" });
        await http.RunAsync(new { method = "POST", url = http.Server.Url("/csv"), body = "a,b", headers = new Dictionary<string, object> { ["Content-Type"] = "text/csv" } });

        var requests = http.Server.Requests.ToDictionary(r => r.Target);
        Assert.Equal("""{"amount":5}""", requests["/json"].Body);
        Assert.StartsWith("application/json", requests["/json"].Header("Content-Type"));
        Assert.Equal("PUT", requests["/text"].Method);
        Assert.Equal("plain words", requests["/text"].Body);
        Assert.Equal("text/plain; charset=utf-8", requests["/text"].Header("Content-Type"));
        Assert.Equal("text/csv", requests["/csv"].Header("Content-Type"));
    }

    [Fact]
    public async Task expectStatus_names_the_statuses_that_succeed_and_any_other_fails_the_task_at_once()
    {
        await using var http = Harness(r => new Response(r.Target == "/accepted" ? 202 : 200, "fine"));

        var accepted = await http.RunAsync(new { url = http.Server.Url("/accepted"), expectStatus = new[] { 200, 202 } });
        var unexpected = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/ok"), expectStatus = 202 });

        Assert.Equal(202, accepted.GetProperty("status").GetInt32());
        Assert.Contains("answered 200", unexpected.Message);
    }

    [Fact]
    public async Task a_body_longer_than_the_cap_is_read_up_to_the_cap_and_marked_truncated()
    {
        await using var http = Harness(_ => new Response(200, new string('x', 50_000)), new Dictionary<string, string?> { ["Scheduler:Http:MaxResponseBytes"] = "1000" });

        var result = await http.RunAsync(new { url = http.Server.Url("/big") });

        Assert.Equal(1000, result.GetProperty("body").GetString()!.Length);
        Assert.True(result.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task a_404_fails_the_task_at_once_with_the_status_and_the_first_200_characters_of_the_body()
    {
        string body = "no such thing " + new string('z', 500);
        await using var http = Harness(_ => new Response(404, body));

        var failure = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/missing?key=k") });

        Assert.Contains($"GET {http.Server.Url("/missing")} answered 404", failure.Message);
        Assert.Contains(body[..HttpHandler.ErrorBodyChars], failure.Message);
        Assert.DoesNotContain(body[..(HttpHandler.ErrorBodyChars + 1)], failure.Message);
        Assert.DoesNotContain("key=k", failure.Message);
        Assert.Single(http.Server.Requests);
    }

    [Fact]
    public async Task a_redirect_to_an_allowed_host_is_followed_and_a_303_after_a_post_becomes_a_get()
    {
        await using var http = Harness(r => r.Target == "/start"
            ? new Response(303).With("Location", "/done")
            : Response.Json("""{"done":true}"""));

        var result = await http.RunAsync(new { method = "POST", url = http.Server.Url("/start"), body = new { a = 1 } });

        Assert.True(result.GetProperty("body").GetProperty("done").GetBoolean());
        Assert.Equal(["POST /start", "GET /done"], http.Server.Requests.Select(r => $"{r.Method} {r.Target}"));
        Assert.Equal("", http.Server.Requests[1].Body);
    }

    [Fact]
    public async Task more_redirects_than_MaxRedirects_fail_the_task_at_once()
    {
        await using var http = Harness(r => new Response(302).With("Location", $"/hop{r.Number}"), new Dictionary<string, string?> { ["Scheduler:Http:MaxRedirects"] = "2" });

        var failure = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/loop") });

        Assert.Contains("Scheduler:Http:MaxRedirects", failure.Message);
        Assert.Equal(3, http.Server.Requests.Count);
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/x"}""", "not an absolute http or https url")]
    [InlineData("""{"url":"/relative"}""", "not an absolute http or https url")]
    [InlineData("""{"url":"http://127.0.0.1/","method":"NOT A TOKEN"}""", "not an HTTP method token")]
    [InlineData("""{"url":"http://127.0.0.1/","timeoutMs":0}""", "timeoutMs")]
    [InlineData("""{"url":"http://127.0.0.1/","expectStatus":"200"}""", "expectStatus")]
    [InlineData("""{"url":"http://127.0.0.1/","headers":{"X-A":1}}""", "header 'X-A'")]
    [InlineData("""{"url":"http://user:pw@127.0.0.1/"}""", "credentials")]
    [InlineData("""{"url":"http://127.0.0.1/","headers":{"Bad Name":"1"}}""", "header name 'Bad Name'")]
    [InlineData("""{"url":"http://127.0.0.1/","headers":{"X-A":"a\nb"}}""", "header 'X-A' holds a line break")]
    public async Task a_payload_that_is_not_a_valid_request_fails_the_task_at_once_saying_why(string payload, string expected)
    {
        await using var http = Harness(_ => new Response(200));

        var failure = await http.FailAsync<NonRetryableTaskException>(payload);

        Assert.Contains(expected, failure.Message);
        Assert.Empty(http.Server.Requests);
    }
}
