using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansScheduler.Bench;

/// <summary>
/// Separate silo processes through <c>compose/cluster.sh</c> (which starts its own redis-server and
/// signals only the pids it recorded), with a state directory of its own so it runs beside other
/// clusters. The silo build is the one this harness was built with. <see cref="DisposeAsync"/>
/// always runs the script's <c>stop</c> and removes the state directory.
/// </summary>
public sealed partial class BenchCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3), CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string _root;
    private readonly string _state;
    private bool _started;

    private BenchCluster(string root)
    {
        _root = root;
        _state = Directory.CreateTempSubdirectory("orleans-scheduler-bench-cluster-").FullName;
    }

    /// <summary>The StackExchange.Redis configuration string of the cluster's redis-server.</summary>
    public string Redis { get; private set; } = "";

    /// <summary>Starts redis-server and <paramref name="silos"/> silos named silo-1…silo-N, each given <paramref name="siloArgs"/>.</summary>
    public static async Task<BenchCluster> StartAsync(int silos, string siloArgs)
    {
        var cluster = new BenchCluster(FindRepositoryRoot());
        try
        {
            cluster._started = true;
            int basePort = 30000 + Random.Shared.Next(20000); // the script moves past ports in use
            string output = await cluster.RunAsync(
                ["start", silos.ToString(), "--base-port", basePort.ToString(), "--silo-args", siloArgs, "--silo-dll", SiloBuild(cluster._root)], StartTimeout);
            var redis = RedisLine().Match(output);
            if (!redis.Success) throw new InvalidOperationException($"cluster.sh start did not say where redis listens:\n{output}");
            cluster.Redis = $"127.0.0.1:{redis.Groups[1].Value}";
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo (<c>cluster.sh add</c>) and returns its name.</summary>
    public async Task<string> AddAsync()
    {
        string output = await RunAsync(["add"], CommandTimeout);
        var started = StartedLine().Match(output);
        return started.Success ? started.Groups[1].Value : throw new InvalidOperationException($"cluster.sh add did not say which silo it started:\n{output}");
    }

    /// <summary>SIGKILLs the silo <paramref name="name"/> (<c>cluster.sh kill</c>): no drain, no goodbye.</summary>
    public Task KillAsync(string name) => RunAsync(["kill", name], CommandTimeout);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_started) await RunAsync(["stop"], CommandTimeout);
        _started = false;
        try { Directory.Delete(_state, recursive: true); }
        catch (IOException) { /* best effort: a temp dir left behind is harmless */ }
    }

    private async Task<string> RunAsync(IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        info.ArgumentList.Add(Path.Combine(_root, "compose", "cluster.sh"));
        foreach (string arg in args) info.ArgumentList.Add(arg);
        info.Environment["CLUSTER_DIR"] = _state;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: false); // the script only; the processes it started are ended by stop
            throw new TimeoutException($"cluster.sh {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s.\n{LogTails()}");
        }
        string output = await stdout, errors = await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} exited with {process.ExitCode}.\nstdout:\n{output}\nstderr:\n{errors}\n{LogTails()}");
        return output;
    }

    private string LogTails(int lines = 10)
    {
        var text = new StringBuilder();
        foreach (string log in Directory.EnumerateFiles(_state, "*.log").Order(StringComparer.Ordinal))
        {
            text.AppendLine($"--- {Path.GetFileName(log)}");
            foreach (string line in File.ReadAllLines(log).TakeLast(lines)) text.AppendLine(line);
        }
        return text.ToString();
    }

    /// <summary>The silo built with this harness's configuration (the project references it so it is built).</summary>
    private static string SiloBuild(string root)
    {
        string configuration = typeof(BenchCluster).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string dll = Path.Combine(root, "src", "OrleansScheduler.Silo", "bin", configuration, "net10.0", "OrleansScheduler.Silo.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"No silo build at {dll}; build src/OrleansScheduler.Silo -c {configuration}.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "compose", "cluster.sh"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No compose/cluster.sh in {AppContext.BaseDirectory} or any directory above it.");
    }

    [GeneratedRegex(@"^redis-server pid \d+ at 127\.0\.0\.1:(\d+)", RegexOptions.Multiline)]
    private static partial Regex RedisLine();

    [GeneratedRegex(@"^(\S+) pid \d+ at http://", RegexOptions.Multiline)]
    private static partial Regex StartedLine();
}
