using System.Diagnostics;
using System.Text;

namespace OrleansScheduler.Testing;

/// <summary>
/// One redis-server in sentinel mode on a free loopback port, monitoring one master, for <see cref="RedisSentinelSet"/>.
/// A sentinel rewrites its config file as it learns the set, so each one gets its own, written into its own temp dir.
/// Stopped by its pid on dispose.
/// </summary>
internal sealed class RedisSentinel : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private RedisSentinel(int port, string directory, Process process)
    {
        Port = port;
        _directory = directory;
        _process = process;
    }

    /// <summary>The port the sentinel listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts a sentinel monitoring the master on <paramref name="masterPort"/> as <paramref name="serviceName"/>, with a
    /// quorum of 2 and short timeouts (a master is down after 1 s without an answer; a failover may take 10 s), and waits until it answers PING.
    /// </summary>
    public static async Task<RedisSentinel> StartAsync(string serviceName, int masterPort)
    {
        string executable = StartedProcess.FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. The Sentinel tests need a real server: install one with `apt-get install -y redis-server`.");
        for (int attempt = 1; ; attempt++)
        {
            string directory = Directory.CreateTempSubdirectory("orleans-scheduler-sentinel-").FullName;
            int port = FreePort.Next();
            string config = Path.Combine(directory, "sentinel.conf");
            await File.WriteAllTextAsync(config, $"""
                port {port}
                bind 127.0.0.1
                dir {directory}
                sentinel monitor {serviceName} 127.0.0.1 {masterPort} 2
                sentinel down-after-milliseconds {serviceName} 1000
                sentinel failover-timeout {serviceName} 10000
                sentinel parallel-syncs {serviceName} 1

                """);
            var info = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            info.ArgumentList.Add(config);
            info.ArgumentList.Add("--sentinel");
            var process = new Process { StartInfo = info };
            var sentinel = new RedisSentinel(port, directory, process);
            process.OutputDataReceived += (_, e) => sentinel.Append(e.Data);
            process.ErrorDataReceived += (_, e) => sentinel.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await sentinel.WaitUntilReadyAsync()) return sentinel;

            string seen = sentinel.Output();
            await sentinel.DisposeAsync();
            if (attempt == 3)
                throw new InvalidOperationException($"redis-server --sentinel did not answer PING on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s. Its output was:\n{seen}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StartedProcess.StopAsync(_process);
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort: a temp dir left behind is harmless */ }
    }

    private async Task<bool> WaitUntilReadyAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (_process.HasExited) return false;
            if (await RedisServer.PingAsync(Port)) return true;
            await Task.Delay(20); // polling interval while the sentinel starts, not a fixed wait
        }
        return false;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output) return _output.ToString();
    }
}
