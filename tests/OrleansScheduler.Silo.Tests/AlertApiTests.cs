using System.Net;
using System.Text;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary><c>/api/alerts</c> on both stores: API rules put, read, listed, replaced and deleted, and every bad input a 400 naming its field.</summary>
public abstract class AlertApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewName() => "rule-" + Guid.NewGuid().ToString("N")[..12];

    private Task<HttpResponseMessage> PutAsync(string name, string json) =>
        _http.PutAsync($"/api/alerts/rules/{name}", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task a_rule_put_through_the_api_is_read_listed_replaced_and_deleted()
    {
        string name = NewName();

        var created = await PutAsync(name, """{"kind":"queueDepth","queue":"orders","depth":100,"forMs":30000,"webhookUrl":"https://hooks.example.com/ops"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/alerts/rules/{name}", created.Headers.Location?.ToString());
        var rule = await (await _http.GetAsync($"/api/alerts/rules/{name}")).JsonAsync();
        Assert.Equal(("QueueDepth", "orders", 100, 30000, "api"),
            (rule.Str("kind"), rule.Str("queue"), rule.GetProperty("depth").GetInt32(), rule.GetProperty("forMs").GetInt32(), rule.Str("source")));
        var list = await (await _http.GetAsync("/api/alerts/rules")).JsonAsync();
        Assert.Contains(name, list.GetProperty("rules").EnumerateArray().Select(r => r.Str("name")));

        var replaced = await PutAsync(name, """{"kind":"TaskFailed","webhookUrl":"http://127.0.0.1:9/hook"}""");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("TaskFailed", (await (await _http.GetAsync($"/api/alerts/rules/{name}")).JsonAsync()).Str("kind"));

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/alerts/rules/{name}")).StatusCode);
        await (await _http.GetAsync($"/api/alerts/rules/{name}")).ProblemAsync(404, "a deleted rule");
        await (await _http.DeleteAsync($"/api/alerts/rules/{name}")).ProblemAsync(404, "a rule deleted twice");
    }

    [Fact]
    public async Task the_latest_alerts_are_listed()
    {
        var alerts = await (await _http.GetAsync("/api/alerts")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Array, alerts.GetProperty("alerts").ValueKind);
    }

    [Theory]
    [InlineData("""{"webhookUrl":"https://h.example.com/"}""", "kind")]
    [InlineData("""{"kind":"sometimes","webhookUrl":"https://h.example.com/"}""", "kind")]
    [InlineData("""{"kind":"taskFailed","webhookUrl":"ftp://h.example.com/"}""", "webhookUrl")]
    [InlineData("""{"kind":"taskFailed"}""", "webhookUrl")]
    [InlineData("""{"kind":"oldestPending","webhookUrl":"https://h.example.com/"}""", "olderThanMs")]
    [InlineData("""{"kind":"queueDepth","depth":"ten","webhookUrl":"https://h.example.com/"}""", "depth")]
    [InlineData("""{"kind":"siloDead","queue":"orders","webhookUrl":"https://h.example.com/"}""", "queue")]
    [InlineData("""{"kind":"taskFailed","color":"red","webhookUrl":"https://h.example.com/"}""", "color")]
    [InlineData("""{"name":"another","kind":"taskFailed","webhookUrl":"https://h.example.com/"}""", "name")]
    [InlineData("""{"kind":"taskFailed","webhookUrl":"https://h.example.com/","secret":"not-configured"}""", "secret")]
    [InlineData("""[1]""", "body")]
    public async Task a_bad_rule_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        string name = NewName();

        var (problem, _) = await (await PutAsync(name, body)).ProblemAsync(400, body);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{body} must be refused under {field}: {problem}");
        await (await _http.GetAsync($"/api/alerts/rules/{name}")).ProblemAsync(404, "a refused rule");
    }

    [Fact]
    public async Task a_bad_rule_name_in_the_path_is_a_400_naming_it()
    {
        var (problem, _) = await (await PutAsync("bad%20name", """{"kind":"taskFailed","webhookUrl":"https://h.example.com/"}""")).ProblemAsync(400, "a bad name");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
    }
}
