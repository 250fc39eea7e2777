using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// Drives <c>compose/cluster.sh</c> for one test: its own state directory (pids, logs) so it can run
/// beside other tests and clusters, and the silo build of this test run. The script starts and
/// signals only the processes it recorded; <see cref="DisposeAsync"/> always runs its <c>stop</c>.
/// </summary>
public sealed partial class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3), CommandTimeout = TimeSpan.FromSeconds(90);
    private bool _started;

    /// <summary>A cluster whose state lives in a new temp directory; nothing runs until <see cref="StartAsync"/>.</summary>
    public LocalCluster()
    {
        Root = FindRepositoryRoot();
        StateDirectory = Directory.CreateTempSubdirectory("orleans-scheduler-crash-").FullName;
    }

    /// <summary>The repository root (where <c>compose/cluster.sh</c> is).</summary>
    public string Root { get; }

    /// <summary>The script's CLUSTER_DIR: pids and every process's log.</summary>
    public string StateDirectory { get; }

    /// <summary>When true, <see cref="DisposeAsync"/> deletes <see cref="StateDirectory"/> after stopping; leave false to keep the logs of a failed run.</summary>
    public bool DeleteStateOnDispose { get; set; }

    /// <summary>Starts redis-server and <paramref name="silos"/> silos from <paramref name="basePort"/> up, passing <paramref name="siloArgs"/> to every silo.</summary>
    public async Task StartAsync(int silos, int basePort, string siloArgs)
    {
        _started = true;
        var args = new List<string> { "start", silos.ToString(), "--base-port", basePort.ToString(), "--silo-args", siloArgs };
        if (SiloBuild() is { } dll) args.AddRange(["--silo-dll", dll]);
        await RunAsync(args, StartTimeout);
    }

    /// <summary>Starts one more silo (<c>cluster.sh add</c>) and returns its name.</summary>
    public async Task<string> AddAsync()
    {
        string output = await RunAsync(["add"], CommandTimeout);
        var started = StartedLine().Match(output);
        return started.Success ? started.Groups[1].Value : throw new InvalidOperationException($"cluster.sh add did not say which silo it started:\n{output}");
    }

    /// <summary>SIGKILLs the silo <paramref name="name"/> (<c>cluster.sh kill</c>).</summary>
    public Task KillAsync(string name) => RunAsync(["kill", name], CommandTimeout);

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

    /// <summary>The silo built with this test run (the project references it for that), or null to let the script build Release.</summary>
    private string? SiloBuild()
    {
        string configuration = typeof(LocalCluster).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string dll = Path.Combine(Root, "src", "OrleansScheduler.Silo", "bin", configuration, "net10.0", "OrleansScheduler.Silo.dll");
        return File.Exists(dll) ? dll : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "compose", "cluster.sh"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No compose/cluster.sh in {AppContext.BaseDirectory} or any directory above it.");
    }

    [GeneratedRegex(@"^(\S+) pid (\d+) port (\d+): (\w+)$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\S+) pid \d+ at http://", RegexOptions.Multiline)]
    private static partial Regex StartedLine();
}
