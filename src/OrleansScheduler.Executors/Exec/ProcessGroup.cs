using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Executors.Exec;

/// <summary>
/// A started program and everything it starts. On Linux the program is launched through <c>setsid</c>, which
/// execs it as the leader of a new session and process group (so its pid is the group id); ending the group
/// signals grandchildren too, with SIGTERM first and SIGKILL after a grace period. Where setsid is missing
/// (macOS, Windows, a Linux without util-linux) the fallback is <see cref="Process.Kill(bool)"/> of the whole
/// tree, which kills at once without a grace period and cannot find grandchildren whose parent already exited.
/// </summary>
internal sealed class ProcessGroup : IDisposable
{
    private static readonly Lazy<string?> SetSid = new(FindSetSid);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly bool _grouped;

    private ProcessGroup(Process process, bool grouped)
    {
        Process = process;
        _grouped = grouped;
    }

    /// <summary>The absolute path of <c>setsid</c>, found on PATH once; null where there is none (or not on Linux).</summary>
    public static string? Launcher => SetSid.Value;

    /// <summary>The program (its pid is its group's id when grouped).</summary>
    public Process Process { get; }

    /// <summary>Starts <paramref name="info"/>; <paramref name="grouped"/> says that it goes through <see cref="Launcher"/>.</summary>
    /// <exception cref="Win32Exception">The program could not be started.</exception>
    public static ProcessGroup Start(ProcessStartInfo info, bool grouped) =>
        new(Process.Start(info) ?? throw new Win32Exception($"'{info.FileName}' did not start."), grouped);

    /// <summary>
    /// Ends whatever is left of the program and its group: SIGTERM, then SIGKILL once <paramref name="grace"/> has
    /// passed with any member left. Returns at once when nothing is left, so it is cheap after a clean exit.
    /// </summary>
    public async Task EndAsync(TimeSpan grace, ILogger logger, string command)
    {
        if (!_grouped)
        {
            try
            {
                if (!HasExited) Process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // It exited meanwhile.
            }
            return;
        }
        if (!AnyLeft()) return;
        ExecLog.Terminating(logger, command, Process.Id);
        Signal(NativeSignals.SigTerm);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < grace)
        {
            await Task.Delay(Poll).ConfigureAwait(false);
            if (!AnyLeft()) return;
        }
        ExecLog.Killing(logger, command, Process.Id, grace);
        Signal(NativeSignals.SigKill);
    }

    /// <inheritdoc />
    public void Dispose() => Process.Dispose();

    private bool HasExited
    {
        get
        {
            try
            {
                return Process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    private void Signal(int signal)
    {
        // Until setsid has made the group (a cancel in the first instant), only the pid itself can be signaled.
        if (!NativeSignals.Send(-Process.Id, signal) && !HasExited) NativeSignals.Send(Process.Id, signal);
    }

    /// <summary>Whether the program or any member of its group still runs. Zombies do not count: a container's pid 1 may never reap them.</summary>
    private bool AnyLeft()
    {
        if (!HasExited) return true;
        if (!NativeSignals.Send(-Process.Id, 0)) return false;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            if (IsLiveMember(dir)) return true;
        }
        return false;
    }

    private bool IsLiveMember(string procDir)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(procDir, "stat"));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 2 && fields[0] is not ("Z" or "X")
            && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int group) && group == Process.Id;
    }

    private static string? FindSetSid()
    {
        if (!OperatingSystem.IsLinux()) return null;
        string[] dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return dirs.Append("/usr/bin").Append("/bin").Select(d => Path.Combine(d, "setsid")).FirstOrDefault(File.Exists);
    }
}
