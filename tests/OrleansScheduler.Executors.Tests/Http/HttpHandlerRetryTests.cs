using System.Diagnostics;
using System.Net;
using OrleansScheduler.Handlers;
using OrleansScheduler.Testing;
using Response = OrleansScheduler.Testing.LoopbackHttpServer.Response;

namespace OrleansScheduler.Executors.Tests.Http;

/// <summary>The two levels of retry: tries within an attempt, and failures that leave the next try to the scheduler.</summary>
public sealed class HttpHandlerRetryTests
{
    private static HttpExecutorHarness Harness(Func<LoopbackHttpServer.Request, Response> respond, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(new LoopbackHttpServer(respond), settings);

    [Fact]
    public async Task a_503_then_a_200_succeeds_within_one_attempt_and_the_log_shows_both_tries()
    {
        await using var http = Harness(r => r.Number == 1 ? new Response(503, "busy") : Response.Json("""{"ok":1}"""));

        var result = await http.RunAsync(new { method = "POST", url = http.Server.Url("/hook?sig=s3cret"), body = new { } });

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.Equal(2, http.Server.Requests.Count);
        string url = http.Server.Url("/hook");
        Assert.Collection(http.Logger.Lines,
            line => Assert.Matches($"^POST {url} -> 503 in \\d+ ms$", line),
            line => Assert.Matches($"^POST {url} -> 200 in \\d+ ms$", line));
    }

    [Fact]
    public async Task a_503_with_retry_after_1_is_waited_out_and_retried_within_the_attempt()
    {
        await using var http = Harness(r => r.Number == 1 ? new Response(503).With("Retry-After", "1") : new Response(200, "ok"));

        var result = await http.RunAsync(new { url = http.Server.Url("/slow-start") });

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        var gap = http.Server.Requests[1].ReceivedAt - http.Server.Answers[0].At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"the retry came {gap.TotalMilliseconds:0} ms after the 503, before its Retry-After of 1 s");
    }

    [Fact]
    public async Task a_503_with_retry_after_30_fails_the_attempt_with_a_30_s_retry_after_and_no_retry_within_it()
    {
        await using var http = Harness(_ => new Response(503, "maintenance").With("Retry-After", "30"));
        var watch = Stopwatch.StartNew();

        var failure = await http.FailAsync<RetryAfterTaskException>(new { url = http.Server.Url("/down") });

        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        Assert.Contains("answered 503", failure.Message);
        Assert.Contains("maintenance", failure.Message);
        Assert.Single(http.Server.Requests);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the attempt took {watch.Elapsed.TotalSeconds:0.#} s: it must not wait the Retry-After out");
    }

    [Fact]
    public async Task a_retry_after_given_as_an_http_date_is_the_delay_until_that_date()
    {
        string date = (DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60)).ToString("R");
        await using var http = Harness(_ => new Response(429).With("Retry-After", date));

        var failure = await http.FailAsync<RetryAfterTaskException>(new { url = http.Server.Url("/quota") });

        Assert.InRange(failure.RetryAfter, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(61));
        Assert.Single(http.Server.Requests);
    }

    [Fact]
    public async Task a_retry_after_that_does_not_fit_in_the_attempts_remaining_time_is_left_to_the_scheduler()
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:Http:MaxRetryAfterWithinAttempt"] = "00:00:10" };
        await using var http = Harness(_ => new Response(503).With("Retry-After", "4"), settings);

        var failure = await http.FailAsync<RetryAfterTaskException>(new { url = http.Server.Url("/x") }, timeout: TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(4), failure.RetryAfter);
        Assert.Single(http.Server.Requests);
    }

    [Fact]
    public async Task a_503_on_every_try_fails_the_attempt_retryably_once_the_retries_within_it_are_spent()
    {
        await using var http = Harness(_ => new Response(503, "still down"), new Dictionary<string, string?> { ["Scheduler:Http:RetriesWithinAttempt"] = "1" });

        var failure = await http.FailAsync<HttpRequestException>(new { url = http.Server.Url("/down") });

        Assert.IsNotType<NonRetryableTaskException>(failure);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
        Assert.Equal(2, http.Server.Requests.Count);
    }

    [Fact]
    public async Task a_request_that_outlives_timeoutMs_fails_the_attempt_retryably_without_a_retry_within_it()
    {
        await using var http = Harness(_ => new Response(200, Delay: TimeSpan.FromSeconds(10)));
        var watch = Stopwatch.StartNew();

        var failure = await http.FailAsync<TimeoutException>(new { url = http.Server.Url("/stuck"), timeoutMs = 300 });

        Assert.Contains("did not answer within 300 ms", failure.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the attempt took {watch.Elapsed.TotalSeconds:0.#} s");
        Assert.Single(http.Server.Requests);
    }

    [Fact]
    public async Task a_timeoutMs_longer_than_the_attempt_is_capped_by_it_and_the_attempt_times_out()
    {
        await using var http = Harness(_ => new Response(200, Delay: TimeSpan.FromSeconds(10)));
        var watch = Stopwatch.StartNew();

        // The attempt's token, not the request's timeout, ends it: the worker records an attempt timeout.
        await http.FailAsync<OperationCanceledException>(new { url = http.Server.Url("/stuck"), timeoutMs = 60_000 }, timeout: TimeSpan.FromMilliseconds(500));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the attempt took {watch.Elapsed.TotalSeconds:0.#} s");
    }

    [Fact]
    public async Task canceling_the_attempt_mid_request_ends_it_at_once_as_canceled()
    {
        await using var http = Harness(_ => new Response(200, Delay: TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();

        var running = http.FailAsync<OperationCanceledException>(new { url = http.Server.Url("/long") }, cancellationToken: cancel.Token);
        await Eventually.Until(() => Task.FromResult(http.Server.Requests.Count), n => n == 1, "the request to reach the server");
        await cancel.CancelAsync();
        await running;

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the cancel took effect after {watch.Elapsed.TotalSeconds:0.#} s");
        Assert.Single(http.Server.Requests);
    }

    [Fact]
    public async Task a_server_that_refuses_connections_fails_the_attempt_retryably_after_the_retries_within_it()
    {
        int port = FreePort.Next();
        var settings = new Dictionary<string, string?> { ["Scheduler:Http:AllowedHosts:1"] = $"127.0.0.1:{port}" };
        await using var http = Harness(_ => new Response(200), settings);

        var failure = await http.FailAsync<HttpRequestException>(new { url = $"http://127.0.0.1:{port}/" });

        Assert.Contains("got no answer", failure.Message);
        Assert.Equal(3, http.Logger.Lines.Count(l => l.Contains("no answer")));
    }
}
