using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansScheduler.Testing;

/// <summary>
/// A real redis-server for one test class (or collection): started from PATH on a free
/// 127.0.0.1 port in a fresh temp dir, with persistence off unless <see cref="RedisServerOptions"/> says
/// otherwise, and stopped by its own pid on dispose. Tests isolate themselves with <see cref="NewKeyPrefix"/>
/// instead of flushing, so one server can serve tests that run in parallel. Fault tests kill it with SIGKILL
/// (<see cref="KillAsync"/>) and start it again on the same port and directory (<see cref="RestartAsync"/>).
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static int _prefixCounter;

    private Process? _process;
    private string? _directory;
    private string? _executable;
    private readonly StringBuilder _output = new();

    /// <summary>
    /// How this server runs beyond the defaults, e.g. <c>new RedisServer { Options = new() { Arguments = [...] } }</c>.
    /// A property, not a constructor argument, because xunit wants a class fixture to have one public constructor.
    /// </summary>
    public RedisServerOptions Options { get; init; } = new();

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The directory the server runs in (its AOF and RDB files, when persistence is on).</summary>
    public string DataDirectory => _directory ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The pid of the running server, or null while it is killed.</summary>
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>A key prefix no other test of this process uses, e.g. <c>t17x3f9a</c>.</summary>
    public static string NewKeyPrefix() =>
        $"t{Interlocked.Increment(ref _prefixCounter)}x{Random.Shared.Next(0x100000):x5}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        string executable = _executable = StartedProcess.FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. The Redis tests need a real server: run ./test.sh, " +
            "or install one with `apt-get install -y redis-server`.");

        // A port we just saw free can be taken before redis binds it; then redis exits and we retry.
        for (int attempt = 1; ; attempt++)
        {
            _directory = Directory.CreateTempSubdirectory("orleans-scheduler-redis-").FullName;
            Port = FreePort.Next();
            _process = Start(executable, Port, _directory);
            if (await WaitUntilReadyAsync(_process, Port, Options.IsReady ?? PingAsync)) return;

            string seen = Output();
            await StopAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException(
                    $"redis-server did not answer PING on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s " +
                    $"(tried {attempt} ports). Its output was:\n{seen}");
            }
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => StopAsync();

    /// <summary>Kills the server with SIGKILL (no shutdown save), by its pid, and keeps its directory for <see cref="RestartAsync"/>.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await StartedProcess.StopAsync(process);
        }
    }

    /// <summary>Starts the server again on the same port and directory (after <see cref="KillAsync"/>), and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null) throw new InvalidOperationException($"redis-server on port {Port} is still running; kill it first.");
        _process = Start(_executable!, Port, DataDirectory);
        if (!await WaitUntilReadyAsync(_process, Port, Options.IsReady ?? PingAsync))
            throw new InvalidOperationException($"redis-server did not come back on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s. Its output was:\n{Output()}");
    }

    private Process Start(string executable, int port, string directory)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] defaults = ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory];
        foreach (string arg in defaults.Concat(Options.ArgumentsFor(port, directory)))
            info.ArgumentList.Add(arg);

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitUntilReadyAsync(Process process, int port, Func<int, Task<bool>> isReady)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (process.HasExited) return false;
            if (await isReady(port)) return true;
            await Task.Delay(20); // polling interval while the server starts, not a fixed wait
        }
        return false;
    }

    /// <summary>Whether a plain-text PING on <paramref name="port"/> is answered with PONG.</summary>
    public static async Task<bool> PingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            NetworkStream stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            int read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await StartedProcess.StopAsync(process);
        }
        if (_directory is { } directory)
        {
            _directory = null;
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* best effort: a temp dir left behind is harmless */ }
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
