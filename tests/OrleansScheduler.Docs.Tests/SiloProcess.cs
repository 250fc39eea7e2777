using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace OrleansScheduler.Docs.Tests;

/// <summary>
/// The silo executable as a user runs it (<c>dotnet run --project src/OrleansScheduler.Silo</c>: one silo,
/// tasks in memory), on free ports of 127.0.0.1; ended by its pid.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The HTTP API's port.</summary>
    public int Port { get; }

    /// <summary>The HTTP API, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Api => new($"http://127.0.0.1:{Port}/");

    /// <summary>What the silo wrote so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the silo build made alongside these tests and returns once <c>/readyz</c> says ready.</summary>
    public static async Task<SiloProcess> StartAsync(params string[] extraArgs)
    {
        string configuration = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string dll = Path.Combine(DocFiles.Root, "src", "OrleansScheduler.Silo", "bin", configuration, "net10.0", "OrleansScheduler.Silo.dll");
        int port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (string arg in (string[])[dll, "--urls", $"http://127.0.0.1:{port}", "--silo-port", FreePort().ToString(), "--gateway-port", FreePort().ToString(),
                     "--cluster-id", "docs-" + Guid.NewGuid().ToString("N")[..8], .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var silo = new SiloProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), port);
        silo._process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = silo.Api, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (silo._process.HasExited) throw new InvalidOperationException($"The silo exited with {silo._process.ExitCode} while starting:\n{silo.Output}");
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
                throw new TimeoutException($"The silo was not ready within 60 s:\n{silo.Output}");
            }
            await Task.Delay(100); // polling its readiness
        }
    }

    /// <summary>A port nothing listens on at the moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Ends the process (this one, by its pid) unless it has stopped by itself.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
