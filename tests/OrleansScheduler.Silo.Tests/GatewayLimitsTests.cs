using System.Net;
using System.Net.Http.Headers;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>The size limits follow <c>Scheduler:MaxPayloadBytes</c>, and bodies the table of bad requests cannot express are refused too.</summary>
public sealed class GatewayLimitsTests(GatewayLimitsTests.LimitedSilo silo) : IClassFixture<GatewayLimitsTests.LimitedSilo>
{
    private const int PayloadLimit = 1024;

    /// <summary>One silo for the class with a small payload limit; it serves another queue, so what the tests store stays.</summary>
    public sealed class LimitedSilo() : SiloFactory(new Dictionary<string, string?> { ["Scheduler:MaxPayloadBytes"] = PayloadLimit.ToString(), ["Scheduler:Queues:0"] = "elsewhere" });

    private static string TaskWithPayloadOf(int bytes) => $$"""{"type":"echo","payload":"{{new string('x', bytes - 2)}}"}""";

    [Fact]
    public async Task a_payload_at_the_configured_limit_is_accepted_and_one_byte_more_is_a_413_naming_the_payload()
    {
        var http = silo.CreateClient();
        int tasksBefore = (await silo.Store.AllTasksAsync()).Count;

        var atLimit = await http.PostJsonAsync("/api/tasks", TaskWithPayloadOf(PayloadLimit));
        var overLimit = await http.PostJsonAsync("/api/tasks", TaskWithPayloadOf(PayloadLimit + 1));

        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
        var problem = await overLimit.JsonAsync();
        Assert.Contains($"the limit is {PayloadLimit}", problem.GetProperty("errors").GetProperty("payload")[0].GetString());
        Assert.Equal(tasksBefore + 1, (await silo.Store.AllTasksAsync()).Count);
    }

    [Fact]
    public async Task a_streamed_body_without_a_length_is_cut_off_with_a_413_once_past_the_limit()
    {
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TaskWithPayloadOf(10 * 1024 * 1024))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        int tasksBefore = (await silo.Store.AllTasksAsync()).Count;

        var response = await silo.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(tasksBefore, (await silo.Store.AllTasksAsync()).Count);
    }

    [Fact]
    public async Task a_body_that_is_not_utf8_is_a_400_naming_the_body()
    {
        var content = new ByteArrayContent([.. "{\"type\":\"echo\",\"payload\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await silo.CreateClient().PostAsync("/api/tasks", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", (await response.JsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString());
    }
}
