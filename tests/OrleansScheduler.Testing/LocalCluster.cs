using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansScheduler.Testing;

/// <summary>
/// Drives <c>compose/cluster.sh</c> for one crash test or benchmark run: its own state directory
/// (pids, logs) so it can run beside other tests and clusters, and the silo build the caller names.
/// The script starts and signals only the processes it recorded; <see cref="DisposeAsync"/> always
/// runs its <c>stop</c>.
/// </summary>
public sealed partial class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3), CommandTimeout = TimeSpan.FromSeconds(90);
    private bool _started;

    /// <summary>A cluster whose state lives in a new temp directory named with <paramref name="stateDirectoryPrefix"/>; nothing runs until <see cref="StartAsync"/>.</summary>
    public LocalCluster(string stateDirectoryPrefix = "orleans-scheduler-crash-")
    {
        StateDirectory = Directory.CreateTempSubdirectory(stateDirectoryPrefix).FullName;
    }

    /// <summary>The repository root (where <c>compose/cluster.sh</c> is).</summary>
    public string Root => Repository.Root;

    /// <summary>The script's CLUSTER_DIR: pids and every process's log.</summary>
    public string StateDirectory { get; }

    /// <summary>When true, <see cref="DisposeAsync"/> deletes <see cref="StateDirectory"/> after stopping; leave false to keep the logs of a failed run.</summary>
    public bool DeleteStateOnDispose { get; set; }

    /// <summary>The StackExchange.Redis configuration string of the cluster's redis-server, once started.</summary>
    public string Redis { get; private set; } = "";

    /// <summary>
    /// Starts redis-server and <paramref name="silos"/> silos from <paramref name="basePort"/> up (the
    /// script moves past ports in use), passing <paramref name="siloArgs"/> to every silo and running
    /// <paramref name="siloDll"/> and <paramref name="gatewayDll"/> (null lets the script build Release). Given
    /// <paramref name="redis"/> (<c>host:port</c>), the cluster uses that running Redis instead of starting its own,
    /// so a test can kill and restart it (<see cref="RedisServer"/>); the script then never signals it.
    /// </summary>
    public async Task StartAsync(int silos, int basePort, string siloArgs, string? siloDll, string? gatewayDll = null, string? redis = null)
    {
        _started = true;
        var args = new List<string> { "start", silos.ToString(), "--base-port", basePort.ToString(), "--silo-args", siloArgs };
        if (redis is not null) args.AddRange(["--redis", redis]);
        if (siloDll is not null) args.AddRange(["--silo-dll", siloDll]);
        if (gatewayDll is not null) args.AddRange(["--gateway-dll", gatewayDll]);
        string output;
        try
        {
            output = await RunAsync(args, StartTimeout);
        }
        catch
        {
            // A start that failed half way (a silo that died while starting) leaves redis-server and the silos that did
            // start running, and a fixture whose start threw is not disposed: stop what the script recorded now.
            try
            {
                await RunAsync(["stop"], CommandTimeout);
                _started = false;
            }
            catch (Exception) when (_started)
            {
                // The start's failure says more than the stop's; DisposeAsync, if it comes, tries the stop again.
            }
            throw;
        }
        var said = RedisLine().Match(output);
        Redis = said.Success ? said.Groups[1].Value : throw new InvalidOperationException($"cluster.sh start did not say where redis listens:\n{output}");
        ClusterId = File.ReadAllText(Path.Combine(StateDirectory, "cluster-id")).Trim();
    }

    /// <summary>The Orleans cluster id the script gave this cluster's silos and gateways, once started.</summary>
    public string ClusterId { get; private set; } = "";

    /// <summary>
    /// The silo built in the configuration <paramref name="caller"/> was built in (a project that
    /// references the silo project gets it built alongside), or null when there is none.
    /// </summary>
    public string? SiloBuildOf(Assembly caller) => Repository.BuildOf(caller, "src/OrleansScheduler.Silo");

    /// <summary>The gateway built alongside <paramref name="caller"/>, as <see cref="SiloBuildOf"/>, or null.</summary>
    public string? GatewayBuildOf(Assembly caller) => Repository.BuildOf(caller, "src/OrleansScheduler.Gateway");

    /// <summary>Starts one more silo (<c>cluster.sh add</c>) and returns its name.</summary>
    public Task<string> AddAsync() => StartOneAsync("add");

    /// <summary>Starts a gateway-only process, the HTTP API as an Orleans client (<c>cluster.sh gateway</c>), and returns its name.</summary>
    public Task<string> AddGatewayAsync() => StartOneAsync("gateway");

    private async Task<string> StartOneAsync(string command)
    {
        string output = await RunAsync([command], CommandTimeout);
        var started = StartedLine().Match(output);
        return started.Success ? started.Groups[1].Value : throw new InvalidOperationException($"cluster.sh {command} did not say what it started:\n{output}");
    }

    /// <summary>SIGKILLs the silo or gateway <paramref name="name"/> (<c>cluster.sh kill</c>): a crash, no drain, no goodbye.</summary>
    public Task KillAsync(string name) => RunAsync(["kill", name], CommandTimeout);

    /// <summary>SIGSTOPs <paramref name="name"/> (<c>cluster.sh pause</c>): a process that stalls without its sockets closing.</summary>
    public Task PauseAsync(string name) => RunAsync(["pause", name], CommandTimeout);

    /// <summary>SIGCONTs <paramref name="name"/> (<c>cluster.sh resume</c>).</summary>
    public Task ResumeAsync(string name) => RunAsync(["resume", name], CommandTimeout);

    /// <summary>Every process the script started, as <c>cluster.sh status</c> reports it.</summary>
    public async Task<IReadOnlyList<ClusterProcess>> StatusAsync()
    {
        string output = await RunAsync(["status"], CommandTimeout);
        return [.. StatusLine().Matches(output).Select(m => new ClusterProcess(m.Groups[1].Value, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), m.Groups[4].Value))];
    }

    /// <summary>The last <paramref name="lines"/> lines of every log in the state directory, for failure messages.</summary>
    public string LogTails(int lines = 15)
    {
        var text = new StringBuilder();
        foreach (string log in Directory.EnumerateFiles(StateDirectory, "*.log").Order(StringComparer.Ordinal))
        {
            string[] all = File.ReadAllLines(log);
            text.AppendLine($"--- {Path.GetFileName(log)} (last {Math.Min(lines, all.Length)} of {all.Length} lines)");
            foreach (string line in all.TakeLast(lines)) text.AppendLine(line);
        }
        return text.Length == 0 ? $"(no logs in {StateDirectory})" : text.ToString();
    }

    /// <summary>Stops the cluster with <c>cluster.sh stop</c>, which ends only the pids it recorded.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started) await RunAsync(["stop"], CommandTimeout);
        _started = false;
        if (DeleteStateOnDispose) Directory.Delete(StateDirectory, recursive: true);
    }

    private async Task<string> RunAsync(IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        info.ArgumentList.Add(Path.Combine(Root, "compose", "cluster.sh"));
        foreach (string arg in args) info.ArgumentList.Add(arg);
        info.Environment["CLUSTER_DIR"] = StateDirectory;

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
        {
            throw new InvalidOperationException(
                $"cluster.sh {string.Join(' ', args)} exited with {process.ExitCode}.\nstdout:\n{output}\nstderr:\n{errors}\n{LogTails()}");
        }
        return output;
    }

    [GeneratedRegex(@"^(\S+) pid (\d+) port (\d+): (\w+)$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^redis-server (?:pid \d+|external) at (\S+)$", RegexOptions.Multiline)]
    private static partial Regex RedisLine();

    [GeneratedRegex(@"^(\S+) pid \d+ at http://", RegexOptions.Multiline)]
    private static partial Regex StartedLine();
}
