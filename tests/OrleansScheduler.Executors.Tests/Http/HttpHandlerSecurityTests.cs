using OrleansScheduler.Handlers;
using OrleansScheduler.Testing;
using Response = OrleansScheduler.Testing.LoopbackHttpServer.Response;

namespace OrleansScheduler.Executors.Tests.Http;

/// <summary>The allow-list, the redirects it guards, and secrets that reach the server and nothing else.</summary>
public sealed class HttpHandlerSecurityTests
{
    private const string Secret = "s3cr3t-billing-token";

    private static HttpExecutorHarness Harness(Func<LoopbackHttpServer.Request, Response> respond, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(new LoopbackHttpServer(respond), settings);

    [Fact]
    public async Task nothing_may_be_called_until_an_operator_allows_hosts()
    {
        await using var http = Harness(_ => new Response(200), new Dictionary<string, string?> { ["Scheduler:Http:AllowedHosts:0"] = null });

        var failure = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/") });

        Assert.Contains("Host '127.0.0.1'", failure.Message);
        Assert.Empty(http.Server.Requests);
    }

    [Fact]
    public async Task a_host_not_allowed_is_refused_before_any_request_naming_it_and_how_to_allow_it()
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:Http:AllowedHosts:0"] = "api.example.com", ["Scheduler:Http:AllowedHosts:1"] = "127.0.0.1:1" };
        await using var http = Harness(_ => new Response(200), settings);

        var failure = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/") });

        Assert.Contains("Host '127.0.0.1'", failure.Message);
        Assert.Contains($"\"127.0.0.1:{http.Server.Port}\"", failure.Message);
        Assert.Contains("Scheduler:Http:AllowedHosts", failure.Message);
        Assert.Empty(http.Server.Requests);
    }

    [Fact]
    public async Task a_redirect_to_a_host_not_allowed_fails_the_task_at_once_naming_it()
    {
        await using var http = Harness(r => new Response(302).With("Location", $"http://localhost:{r.Headers["Host"].Split(':')[1]}/elsewhere"));

        var failure = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/start") });

        Assert.Contains("redirected to", failure.Message);
        Assert.Contains("host 'localhost'", failure.Message);
        Assert.Single(http.Server.Requests);
    }

    [Fact]
    public async Task a_secret_header_reaches_the_server_but_never_the_logs_the_result_or_an_error()
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:Http:Secrets:billing-token"] = Secret };
        // A careless server that echoes the credentials back, in a success and in an error.
        await using var http = Harness(r => new Response(r.Target == "/fail" ? 400 : 200, "you sent " + r.Header("Authorization") + " and " + r.Header("X-Api-Key")), settings);
        var headers = new Dictionary<string, object> { ["Authorization"] = new { secret = "billing-token" }, ["X-Api-Key"] = "inline-key-123" };

        var result = await http.RunAsync(new { url = http.Server.Url("/ok"), headers });
        var failure = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/fail"), headers });

        Assert.All(http.Server.Requests, r => Assert.Equal(Secret, r.Header("Authorization")));
        Assert.All(http.Server.Requests, r => Assert.Equal("inline-key-123", r.Header("X-Api-Key")));
        string everything = string.Join("\n", [result.GetRawText(), failure.Message, .. http.Logger.Lines]);
        Assert.DoesNotContain(Secret, everything);
        Assert.DoesNotContain("inline-key-123", everything);
        Assert.Equal("you sent *** and ***", result.GetProperty("body").GetString());
        Assert.NotEmpty(http.Logger.Lines);
    }

    [Fact]
    public async Task a_secret_header_is_not_sent_on_to_another_origin_by_a_redirect()
    {
        int port = 0;
        var settings = new Dictionary<string, string?> { ["Scheduler:Http:Secrets:t"] = Secret, ["Scheduler:Http:AllowedHosts:1"] = "localhost" };
        await using var http = Harness(r => r.Target == "/start" ? new Response(307).With("Location", $"http://localhost:{port}/next") : new Response(200), settings);
        port = http.Server.Port;

        await http.RunAsync(new { url = http.Server.Url("/start"), headers = new Dictionary<string, object> { ["Authorization"] = new { secret = "t" }, ["X-Plain"] = "1" } });

        Assert.Equal(Secret, http.Server.Requests[0].Header("Authorization"));
        Assert.Null(http.Server.Requests[1].Header("Authorization"));
        Assert.Equal("1", http.Server.Requests[1].Header("X-Plain"));
    }

    [Fact]
    public async Task an_unknown_secret_fails_the_task_at_once_naming_the_secret_and_the_key_to_set()
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:Http:Secrets:other"] = Secret };
        await using var http = Harness(_ => new Response(200), settings);

        var failure = await http.FailAsync<NonRetryableTaskException>(new { url = http.Server.Url("/"), headers = new Dictionary<string, object> { ["Authorization"] = new { secret = "billing-token" } } });

        Assert.Contains("secret 'billing-token'", failure.Message);
        Assert.Contains("Scheduler:Http:Secrets:billing-token", failure.Message);
        Assert.DoesNotContain(Secret, failure.Message);
        Assert.Empty(http.Server.Requests);
    }
}
