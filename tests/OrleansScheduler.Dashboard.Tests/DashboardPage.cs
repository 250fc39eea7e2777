using Microsoft.Playwright;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Dashboard.Tests;

/// <summary>One browser page on a silo's dashboard: what its console reported, and screenshots kept under TestResults/dashboard.</summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") lock (_errors) _errors.Add(message.Text); };
        page.PageError += (_, error) => { lock (_errors) _errors.Add(error); };
    }

    /// <summary>Where screenshots go: the test results directory test.sh uses.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(Repository.Root, "TestResults", "dashboard");

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>The console errors and uncaught exceptions so far.</summary>
    public IReadOnlyList<string> Errors { get { lock (_errors) return [.. _errors]; } }

    /// <summary>Opens a new page (its own session storage) at <paramref name="url"/>.</summary>
    public static async Task<DashboardPage> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = new DashboardPage(context, await context.NewPageAsync());
        await page.Page.GotoAsync(url);
        return page;
    }

    /// <summary>Saves a full-page screenshot as <c>TestResults/dashboard/<paramref name="name"/>.png</c>.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        string path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
