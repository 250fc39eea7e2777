using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OrleansScheduler.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrleansScheduler.Dashboard.Tests;

/// <summary>The dashboard in headless Chromium against a silo with no API keys: what a user sees and does.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    static DashboardTests() => SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task the_page_loads_with_the_cluster_summary_and_no_console_errors()
    {
        await fixture.Client.SubmitAsync(SubmitTaskRequest.Create("echo", new { hello = "dashboard" }) with { Id = "dash-load-1" });
        await fixture.Client.WaitAsync("dash-load-1", TimeSpan.FromSeconds(30));
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, fixture.DashboardUrl);

        await Expect(page.Page.Locator("#sum-silos")).ToHaveTextAsync("silos 1/1");
        await Expect(page.Page.Locator("tr[data-queue='default']")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#live")).ToContainTextAsync("live");
        foreach (string tab in new[] { "tasks", "dead-letter", "schedules", "workflows", "silos", "alerts", "overview" })
        {
            await page.Page.ClickAsync($"#tabs a[data-tab='{tab}']");
            await Expect(page.Page.Locator("#view .panel").First).ToBeVisibleAsync();
        }
        await Expect(page.Page.Locator("tr[data-queue='default'] [data-count='succeeded']")).Not.ToHaveTextAsync("0");
        await page.ScreenshotAsync("overview");

        Assert.True(page.Errors.Count == 0, "The console reported errors:\n" + string.Join('\n', page.Errors));
    }

    [Fact]
    public async Task the_queue_counts_change_after_a_submit_through_the_api()
    {
        // No silo serves this queue, so the task stays Pending and the count stays put for the assertion.
        const string queue = "dash-idle-counts";
        await fixture.Client.SubmitAsync(SubmitTaskRequest.Create("echo", 1) with { Queue = queue });
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, fixture.DashboardUrl);
        var pending = page.Page.Locator($"tr[data-queue='{queue}'] [data-count='pending']");
        await Expect(pending).ToHaveTextAsync("1");

        await fixture.Client.SubmitAsync(SubmitTaskRequest.Create("echo", 2) with { Queue = queue });
        await fixture.Client.SubmitAsync(SubmitTaskRequest.Create("echo", 3) with { Queue = queue });

        await Expect(pending).ToHaveTextAsync("3");
        await page.ScreenshotAsync("counts-after-submit");
    }

    [Fact]
    public async Task an_alert_fired_for_a_dead_letter_shows_in_the_alerts_view_with_its_rule()
    {
        const string queue = "default", id = "dash-alerted-1";
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Silo.Url + "/") };
        // Nothing listens on the webhook's port: the firing is kept and shown whether or not its delivery succeeds.
        var put = await http.PutAsJsonAsync("api/alerts/rules/dash-dead-letters", new { kind = "taskFailed", queue, webhookUrl = "http://127.0.0.1:9/hook?token=abc" });
        Assert.True(put.IsSuccessStatusCode, $"PUT of the rule answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        await fixture.Client.SubmitAsync(SubmitTaskRequest.Create("fail", new { times = 1 }) with { Id = id, Queue = queue, MaxAttempts = 1 });
        await Eventually.Until(() => fixture.Client.GetAsync(id), t => t?.Status == TaskState.Failed, $"task {id} Failed (dead-lettered)");
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, fixture.DashboardUrl + "#/alerts");

        var row = page.Page.Locator("tr[data-alert]").Filter(new() { HasText = id });
        await Expect(row.First).ToContainTextAsync("dash-dead-letters");
        await Expect(page.Page.Locator("#view")).ToContainTextAsync("127.0.0.1:9");
        await Expect(page.Page.Locator("#view")).Not.ToContainTextAsync("token=abc");
        await page.ScreenshotAsync("alerts");
    }

    [Fact]
    public async Task a_dead_lettered_task_is_retried_from_the_dead_letter_view_and_runs_again()
    {
        const string id = "dash-dead-1";
        await fixture.Client.SubmitAsync(SubmitTaskRequest.Create("fail", new { times = 1 }) with { Id = id, MaxAttempts = 1 });
        await Eventually.Until(() => fixture.Client.GetAsync(id), t => t?.Status == TaskState.Failed, $"task {id} Failed (dead-lettered)");
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, fixture.DashboardUrl + "#/dead-letter/default");

        await page.Page.Locator($"button[data-retry='{id}']").ClickAsync();
        await Expect(page.Page.Locator("#view .notice")).ToContainTextAsync("Retried 1 task(s)");

        // A retry starts again at attempt 1 and keeps the history: the second run is the second attempt recorded.
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Silo.Url + "/") };
        var attempts = await Eventually.Until(
            async () => await http.GetFromJsonAsync<JsonElement>($"api/tasks/{id}/attempts"),
            a => a.GetProperty("attempts").GetArrayLength() == 2 && a.GetProperty("attempts")[1].GetProperty("outcome").GetString() != "running",
            $"task {id} run again after the retry (two attempts, the second finished)");
        Assert.Equal("failed", attempts.GetProperty("attempts")[1].GetProperty("outcome").GetString());
        await page.Page.ClickAsync($"tr[data-task='{id}'] a");
        await Expect(page.Page.Locator("#view h2")).ToContainTextAsync(id);
        await page.ScreenshotAsync("dead-letter-retried");
    }

    [Fact]
    public async Task a_task_page_shows_its_logs_attempts_and_events()
    {
        const string id = "dash-logs-1";
        await fixture.Client.SubmitAsync(SubmitTaskRequest.Create("exec", new { command = "say", args = new[] { "hello from the dashboard test" } }) with { Id = id });
        await fixture.Client.WaitAsync(id, TimeSpan.FromSeconds(30));
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, fixture.DashboardUrl + "#/tasks");

        await page.Page.FillAsync("#task-search", id);
        await page.Page.PressAsync("#task-search", "Enter");

        await Expect(page.Page.Locator("#view h2")).ToContainTextAsync("Succeeded");
        await Expect(page.Page.Locator(".log-line").First).ToContainTextAsync("hello from the dashboard test");
        await Expect(page.Page.Locator("#view")).ToContainTextAsync("succeeded");
        await page.ScreenshotAsync("task-page");
    }
}
