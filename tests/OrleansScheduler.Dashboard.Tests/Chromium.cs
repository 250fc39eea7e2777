using System.Diagnostics;
using Microsoft.Playwright;

namespace OrleansScheduler.Dashboard.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>) driven by Playwright: Playwright's own browser download cannot work
/// here, so a missing browser is installed with apt (sudo when not root), and failing that the tests fail, never skip.
/// </summary>
public static class Chromium
{
    /// <summary>Where Debian's package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>Launches headless Chromium, installing it first when it is missing.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        await EnsureInstalledAsync();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // root (CI here) cannot use Chromium's sandbox
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    private static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath)) return;
            string sudo = Environment.UserName == "root" ? "" : "sudo ";
            await RunAsync("/bin/sh", ["-c", $"{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -qq chromium"]);
            if (!File.Exists(ExecutablePath))
                throw new InvalidOperationException($"Chromium is missing at {ExecutablePath} and 'apt-get install chromium' did not install it.");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Installing Chromium failed ({process.ExitCode}):\n{await output}\n{await error}");
    }
}
