using OrleansScheduler.Testing;

namespace OrleansScheduler.Docs.Tests;

/// <summary>
/// The silo executable as a user runs it (<c>dotnet run --project src/OrleansScheduler.Silo</c>: one silo,
/// tasks in memory), on free ports of 127.0.0.1; ended by its pid.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly AppProcess _process;

    private SiloProcess(AppProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The HTTP API's port.</summary>
    public int Port { get; }

    /// <summary>The HTTP API, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Api => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts the silo build made alongside these tests and returns once <c>/readyz</c> says ready.</summary>
    public static async Task<SiloProcess> StartAsync()
    {
        int[] ports = FreePort.Take(3);
        var silo = new SiloProcess(AppProcess.Start("src/OrleansScheduler.Silo",
            ["--urls", $"http://127.0.0.1:{ports[0]}", "--silo-port", ports[1].ToString(), "--gateway-port", ports[2].ToString(),
             "--cluster-id", "docs-" + Guid.NewGuid().ToString("N")[..8]],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }), ports[0]);

        using var http = new HttpClient { BaseAddress = silo.Api, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (silo._process.HasExited) throw new InvalidOperationException($"The silo exited with {silo._process.ExitCode} while starting:\n{silo._process.Output}");
            try
            {
                if ((await http.GetAsync("readyz")).IsSuccessStatusCode) return silo;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }
            if (DateTime.UtcNow > deadline)
            {
                await silo.DisposeAsync();
                throw new TimeoutException($"The silo was not ready within 60 s:\n{silo._process.Output}");
            }
            await Task.Delay(100); // polling its readiness
        }
    }

    /// <summary>Ends the process (this one, by its pid) unless it has stopped by itself.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
