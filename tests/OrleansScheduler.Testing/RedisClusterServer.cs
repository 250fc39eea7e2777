using System.Diagnostics;
using System.Text;

namespace OrleansScheduler.Testing;

/// <summary>
/// A real 3-master Redis Cluster for one test collection: three <c>redis-server --cluster-enabled yes</c> from
/// PATH on free 127.0.0.1 ports, each in a fresh temp dir with persistence off, joined by
/// <c>redis-cli --cluster create</c> with no replicas, and ready once every node reports
/// <c>cluster_state:ok</c> with all 16384 slots assigned. Every process is stopped by its own pid on dispose;
/// a start that fails stops what it started and throws with their output.
/// </summary>
public sealed class RedisClusterServer : IAsyncLifetime
{
    private const int Nodes = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<(Process Process, string Directory, StringBuilder Output)> _nodes = [];
    private string? _cli;

    /// <summary>The nodes' ports, in the order they were created (each a master of about a third of the slots).</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>A StackExchange.Redis configuration string naming every node.</summary>
    public string ConnectionString => Endpoints + ",abortConnect=false";

    /// <summary>The nodes' endpoints alone, e.g. <c>127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003</c> (the bench's <c>--redis-cluster</c>).</summary>
    public string Endpoints => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        string server = StartedProcess.FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. The Redis Cluster tests need a real server: run ./test.sh, " +
            "or install one with `apt-get install -y redis-server`.");
        _cli = StartedProcess.FindOnPath("redis-cli") ?? throw new InvalidOperationException(
            "redis-cli was not found on PATH; it creates the test cluster. It ships with redis-server (`apt-get install -y redis-server`).");
        try
        {
            await StartNodesAsync(server);
            var (code, created) = await RunCliAsync(["--cluster", "create", .. Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]);
            if (code != 0) throw new InvalidOperationException($"redis-cli --cluster create exited with {code}:\n{created}");
            foreach (int port in Ports)
            {
                await WaitAsync(port, "CLUSTER INFO",
                    info => info.Contains("cluster_state:ok", StringComparison.Ordinal) && info.Contains("cluster_slots_assigned:16384", StringComparison.Ordinal),
                    "report cluster_state:ok with all 16384 slots assigned");
            }
        }
        catch (Exception e)
        {
            string seen = Output();
            await StopAsync();
            throw new InvalidOperationException($"The test Redis Cluster did not start: {e.Message}\nThe nodes' output was:\n{seen}", e);
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => StopAsync();

    /// <summary>Starts the nodes on fresh ports; a port we just saw free can be taken before redis binds it, and then every node starts again on new ones.</summary>
    private async Task StartNodesAsync(string server)
    {
        for (int attempt = 1; ; attempt++)
        {
            Ports = FreePort.Take(Nodes);
            foreach (int port in Ports) _nodes.Add(Start(server, port));
            try
            {
                foreach (int port in Ports) await WaitAsync(port, "PING", reply => reply.StartsWith("PONG", StringComparison.Ordinal), "answer PING");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _nodes.Any(n => n.Process.HasExited))
            {
                await StopAsync();
            }
        }
    }

    /// <summary>Runs one redis-cli command against the node on <paramref name="port"/>; returns its output, throwing when it exits non-zero.</summary>
    public async Task<string> CliAsync(int port, params string[] command)
    {
        var (code, output) = await RunCliAsync(["-h", "127.0.0.1", "-p", port.ToString(), .. command]);
        if (code != 0) throw new InvalidOperationException($"redis-cli -p {port} {string.Join(' ', command)} exited with {code}: {output}");
        return output;
    }

    /// <summary>Runs several redis-cli commands, one a line, on one connection to the node on <paramref name="port"/>; returns their replies.</summary>
    public async Task<string> CliPipeAsync(int port, IEnumerable<string> commands)
    {
        var info = new ProcessStartInfo(_cli!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-h", "127.0.0.1", "-p", port.ToString() }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (string command in commands) await process.StandardInput.WriteLineAsync(command);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (await stdout) + (await stderr);
    }

    /// <summary>The hash slot of <paramref name="key"/> (CLUSTER KEYSLOT).</summary>
    public async Task<int> KeySlotAsync(string key) => int.Parse((await CliAsync(Ports[0], "CLUSTER", "KEYSLOT", key)).Trim());

    /// <summary>The node id of the node on <paramref name="port"/> (CLUSTER MYID).</summary>
    public async Task<string> NodeIdAsync(int port) => (await CliAsync(port, "CLUSTER", "MYID")).Trim();

    /// <summary>The port of the master that owns <paramref name="slot"/>, as the node on <paramref name="askedPort"/> sees it (CLUSTER NODES).</summary>
    public async Task<int> OwnerOfAsync(int slot, int? askedPort = null)
    {
        string nodes = await CliAsync(askedPort ?? Ports[0], "CLUSTER", "NODES");
        foreach (string line in nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            foreach (string range in fields.Skip(8).Where(r => !r.StartsWith('[')))
            {
                string[] bounds = range.Split('-');
                if (slot >= int.Parse(bounds[0]) && slot <= int.Parse(bounds[^1]))
                    return int.Parse(fields[1].Split('@')[0].Split(':')[1]);
            }
        }
        throw new InvalidOperationException($"No node owns slot {slot}:\n{nodes}");
    }

    private (Process, string, StringBuilder) Start(string executable, int port)
    {
        string directory = Directory.CreateTempSubdirectory("orleans-scheduler-redis-cluster-").FullName;
        var output = new StringBuilder();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string arg in new[]
        {
            "--port", port.ToString(), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
            "--cluster-config-file", Path.Combine(directory, "nodes.conf"), "--cluster-node-timeout", "5000",
            "--save", "", "--appendonly", "no", "--dir", directory,
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, directory, output);
    }

    private async Task WaitAsync(int port, string command, Func<string, bool> ready, string awaited)
    {
        var stopwatch = Stopwatch.StartNew();
        string last = "";
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (_nodes.Select(n => n.Process).FirstOrDefault(p => p.HasExited) is { } dead)
                throw new InvalidOperationException($"a redis-server exited (code {dead.ExitCode})");
            (_, last) = await RunCliAsync(["-h", "127.0.0.1", "-p", port.ToString(), .. command.Split(' ')]);
            if (ready(last)) return;
            await Task.Delay(50); // polling interval while the cluster forms, not a fixed wait
        }
        throw new InvalidOperationException($"127.0.0.1:{port} did not {awaited} within {StartTimeout.TotalSeconds} s; last reply: {last}");
    }

    private async Task<(int Code, string Output)> RunCliAsync(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(_cli!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private async Task StopAsync()
    {
        foreach (var (process, directory, _) in _nodes)
        {
            await StartedProcess.StopAsync(process);
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* best effort: a temp dir left behind is harmless */ }
        }
        _nodes.Clear();
    }


    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private string Output() => string.Join("\n", _nodes.Select((n, i) =>
    {
        lock (n.Output) return $"--- node {i + 1} (127.0.0.1:{Ports[i]}) ---\n{n.Output}";
    }));
}
