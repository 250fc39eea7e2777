using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansScheduler.Dashboard.Tests;

/// <summary>The dashboard against a silo that requires an API key: the key the user types goes along, refusals are shown.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ApiKeyDashboardTests(DashboardFixture fixture) : IAsyncLifetime
{
    private const string Key = "dashboard-test-key", ReadKey = "dashboard-read-key";
    private readonly DashboardSilo _silo = new(new Dictionary<string, string?>
    {
        ["Scheduler:ApiKey"] = Key,
        ["Scheduler:ApiKeys:viewer:Key"] = ReadKey,
        ["Scheduler:ApiKeys:viewer:Role"] = "read",
    });

    static ApiKeyDashboardTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync()
    {
        _silo.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task without_a_key_the_401_is_shown_and_with_the_typed_key_the_dashboard_reads()
    {
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, _silo.Url + "/dashboard/");
        var problem = page.Page.Locator("#problem");
        await Expect(problem).ToBeVisibleAsync();
        await Expect(problem).ToContainTextAsync("401");
        await Expect(problem).ToContainTextAsync("API key required");
        await page.ScreenshotAsync("api-key-401");

        await page.Page.FillAsync("#api-key", Key);
        await page.Page.ClickAsync("#key-form button[type='submit']");

        await Expect(page.Page.Locator("#sum-silos")).ToHaveTextAsync("silos 1/1");
        await Expect(problem).ToBeHiddenAsync();
        Assert.Equal(Key, await page.Page.EvaluateAsync<string>("() => sessionStorage.getItem('osched.apiKey')"));
    }

    [Fact]
    public async Task a_read_key_sees_no_enabled_cancel_button_and_the_apis_403_when_it_acts_anyway()
    {
        // A key of role read: the API answers every action with a 403 ProblemDetails naming the role it needs.
        const string id = "dash-readonly-1";
        using (var http = new HttpClient { BaseAddress = new Uri(_silo.Url + "/") })
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            var client = new OrleansScheduler.Client.SchedulerClient(http);
            await client.SubmitAsync(SubmitTaskRequest.Create("echo", 1) with { Id = id, Queue = "dash-idle-readonly" });
        }
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, _silo.Url + "/dashboard/");

        await page.Page.FillAsync("#api-key", ReadKey);
        await page.Page.ClickAsync("#key-form button[type='submit']");
        await Expect(page.Page.Locator("#role")).ToHaveTextAsync("read-only key");
        await page.Page.GotoAsync(_silo.Url + "/dashboard/#/task/" + id);

        await Expect(page.Page.Locator("#view h2")).ToContainTextAsync("Pending");
        Assert.Equal(0, await page.Page.Locator("button[data-verb='cancel']:visible:enabled").CountAsync());
        Assert.Equal(0, await page.Page.Locator("#view tr[data-queue] button:visible:enabled").CountAsync());

        // An action taken anyway (the page's own action call) meets the 403, shown with the API's own words.
        await page.Page.EvaluateAsync($"() => act('/tasks/{id}/cancel', undefined, 'Cancel task {id}')");
        await Expect(page.Page.Locator("#problem")).ToContainTextAsync("403");
        await Expect(page.Page.Locator("#problem")).ToContainTextAsync("admin");
        await page.ScreenshotAsync("api-key-403");
    }
}
