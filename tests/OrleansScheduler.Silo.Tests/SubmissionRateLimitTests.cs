using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary><c>Scheduler:RateLimit</c> through the HTTP API: a caller over its permits gets a 429 ProblemDetails naming the limit, with Retry-After; each API key has its own permits.</summary>
public sealed class SubmissionRateLimitTests(SubmissionRateLimitTests.LimitedSilo silo) : IClassFixture<SubmissionRateLimitTests.LimitedSilo>
{
    private const int Permits = 3;

    /// <summary>One silo with three submissions a minute per caller (a window long enough not to roll over mid-test), three admin keys, and another queue served so what the tests submit stays.</summary>
    public sealed class LimitedSilo() : SiloFactory(new Dictionary<string, string?>
    {
        ["Scheduler:RateLimit:PermitsPerWindow"] = Permits.ToString(),
        ["Scheduler:RateLimit:Window"] = "00:01:00",
        ["Scheduler:ApiKeys:ops:Key"] = "ops-key-0123456789abcdef",
        ["Scheduler:ApiKeys:ops:Role"] = "admin",
        ["Scheduler:ApiKeys:batch:Key"] = "batch-key-0123456789abcdef",
        ["Scheduler:ApiKeys:batch:Role"] = "admin",
        ["Scheduler:ApiKeys:ci:Key"] = "ci-key-0123456789abcdef",
        ["Scheduler:ApiKeys:ci:Role"] = "admin",
        ["Scheduler:Queues:0"] = "elsewhere",
    })
    {
        /// <summary>An HttpClient sending <paramref name="key"/>.</summary>
        public HttpClient WithKey(string key)
        {
            var http = CreateClient();
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            return http;
        }
    }

    [Fact]
    public async Task a_submission_over_the_callers_permits_is_a_429_naming_the_limit_with_retry_after_and_stores_nothing()
    {
        var http = silo.WithKey("ops-key-0123456789abcdef");
        int tasksBefore = (await silo.Store.AllTasksAsync()).Count;
        for (int i = 0; i < Permits; i++) Assert.Equal(HttpStatusCode.Created, (await http.PostJsonAsync("/api/tasks", """{"type":"echo"}""")).StatusCode);

        var refused = await http.PostJsonAsync("/api/tasks/batch", """{"tasks":[{"type":"echo"}]}""");

        var (problem, detail) = await refused.ProblemAsync(429, "a fourth submission in the window");
        Assert.True(detail.Contains($"The limit is {Permits} submissions per 60 s from the key Scheduler:ApiKeys:ops"), detail);
        Assert.Equal(Permits, problem.GetProperty("permitsPerWindow").GetInt32());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(1), $"Retry-After was {retryAfter}");
        Assert.Equal(tasksBefore + Permits, (await silo.Store.AllTasksAsync()).Count);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/tasks")).StatusCode);
    }

    [Fact]
    public async Task each_api_key_has_permits_of_its_own_so_one_busy_caller_does_not_stop_another()
    {
        var busy = silo.WithKey("batch-key-0123456789abcdef");
        var other = silo.WithKey("ci-key-0123456789abcdef");
        for (int i = 0; i < Permits; i++) await busy.PostJsonAsync("/api/tasks", """{"type":"echo"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await busy.PostJsonAsync("/api/workflows", """{"tasks":[{"key":"a","type":"echo"}]}""")).StatusCode);

        var response = await other.PostJsonAsync("/api/tasks", """{"type":"echo"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
