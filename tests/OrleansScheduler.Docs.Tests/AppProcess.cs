using System.Diagnostics;
using System.Text;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Docs.Tests;

/// <summary>
/// One of this checkout's programs run with <c>dotnet</c> as a process of its own (the build made alongside
/// these tests), what it writes kept for failure messages; ended by its pid unless it stopped by itself.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process) => _process = process;

    /// <summary>Whether it stopped by itself.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code, once it stopped.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What it wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <paramref name="project"/>'s build (e.g. <c>src/OrleansScheduler.Silo</c>) with <paramref name="args"/>, from its build directory.</summary>
    public static AppProcess Start(string project, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        string dll = Repository.BuildOf(typeof(AppProcess).Assembly, project)
            ?? throw new InvalidOperationException($"No build of {project} beside these tests; the test project should reference it.");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.ArgumentList.Add(dll);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var app = new AppProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
        app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
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
