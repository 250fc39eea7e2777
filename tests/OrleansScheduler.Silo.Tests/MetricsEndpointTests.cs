using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary><c>GET /metrics</c>: the silo's instruments in Prometheus' text format, on both stores, from a worker silo serving only the test's queue.</summary>
public abstract class MetricsEndpointTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    [Fact]
    public async Task metrics_answers_prometheus_text_with_the_succeeded_counter_of_the_silo_that_ran_a_task()
    {
        string queue = "mq-" + Guid.NewGuid().ToString("N")[..12];
        await using var worker = silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = queue });
        using var scrape = worker.CreateClient();
        var id = (await _http.SubmitBatchAsync([$$"""{"type":"echo","queue":"{{queue}}","payload":1}"""]))[0];
        await _http.WaitForStatusAsync(id, "Succeeded");

        var (status, contentType, text) = await Eventually.Until(async () =>
            {
                using var response = await scrape.GetAsync("/metrics");
                return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
            }, r => r.Item3.Contains($"queue=\"{queue}\"", StringComparison.Ordinal) && r.Item3.Contains("osched_tasks_succeeded", StringComparison.Ordinal),
            $"/metrics of the worker silo to count the task succeeded in queue {queue}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain", contentType);
        var succeeded = text.Split('\n').Single(l => l.StartsWith("osched_tasks_succeeded", StringComparison.Ordinal) && l.Contains(queue, StringComparison.Ordinal));
        Assert.Contains("type=\"echo\"", succeeded);
        Assert.Contains($"silo=\"{worker.SiloId}\"", succeeded);
        Assert.Equal("1", succeeded[(succeeded.LastIndexOf('}') + 2)..].Split(' ')[0]); // the value, before any timestamp
        Assert.Contains("# TYPE osched_task_run_duration_seconds histogram", text);
        Assert.Contains("osched_silo_free_slots", text);
    }
}
