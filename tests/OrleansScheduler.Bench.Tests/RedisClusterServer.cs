using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansScheduler.Bench.Tests;

/// <summary>
/// A real 3-primary Redis Cluster for one test class, as bench/run.sh starts one: three
/// <c>redis-server --cluster-enabled yes</c> from PATH on free 127.0.0.1 ports (their cluster bus ports,
/// port + 10000, free too) in fresh temp dirs, persistence off, joined by <c>redis-cli --cluster create
/// … --cluster-replicas 0 --cluster-yes</c>; ready once every node says <c>cluster_state:ok</c>. Each
/// process is stopped by its own pid on dispose.
/// </summary>
public sealed class RedisClusterServer : IAsyncLifetime
{
    private const int Nodes = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<Process> _processes = [];
    private readonly StringBuilder _output = new();
    private string? _directory;

    /// <summary>The nodes' ports.</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>The nodes' endpoints, comma-separated: a StackExchange.Redis configuration string for the cluster.</summary>
    public string Endpoints => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("orleans-scheduler-bench-cluster-").FullName;
        Ports = FreeClusterPorts(Nodes);
        foreach (int port in Ports)
        {
            string dir = Directory.CreateDirectory(Path.Combine(_directory, port.ToString())).FullName;
            _processes.Add(Start("redis-server", dir,
                "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--dir", dir));
        }
        foreach (int port in Ports) await WaitAsync(() => Ask(port, "PING", "+PONG"), $"node {port} to answer PING");

        using (var create = Start("redis-cli", _directory,
            ["--cluster", "create", .. Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]))
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await create.WaitForExitAsync(timeout.Token);
            if (create.ExitCode != 0) throw new InvalidOperationException($"redis-cli --cluster create exited {create.ExitCode}:\n{Output()}");
        }
        foreach (int port in Ports) await WaitAsync(() => Ask(port, "CLUSTER INFO", "cluster_state:ok"), $"node {port} to say cluster_state:ok");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: false);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // it exited between the check and the kill
            }
            process.Dispose();
        }
        _processes.Clear();
        if (_directory is { } directory)
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* best effort: a temp dir left behind is harmless */ }
        }
    }

    /// <summary>Ports free now whose cluster bus port (+10000) is free too.</summary>
    private static int[] FreeClusterPorts(int count)
    {
        var ports = new List<int>();
        while (ports.Count < count)
        {
            int port = Random.Shared.Next(20000, 50000);
            if (!ports.Contains(port) && IsFree(port) && IsFree(port + 10000)) ports.Add(port);
        }
        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    private Process Start(string executable, string directory, params string[] args)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Sends one inline command and says whether the reply contains <paramref name="expected"/>.</summary>
    private static async Task<bool> Ask(int port, string command, string expected)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
            var buffer = new byte[4096];
            int read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).Contains(expected, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } exited)
                throw new InvalidOperationException($"A redis-server exited (code {exited.ExitCode}) while waiting for {what}:\n{Output()}");
            if (stopwatch.Elapsed > StartTimeout)
                throw new TimeoutException($"Waited {StartTimeout.TotalSeconds} s for {what}; the nodes said:\n{Output()}");
            await Task.Delay(50); // polling interval while the cluster forms, not a fixed wait
        }
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
