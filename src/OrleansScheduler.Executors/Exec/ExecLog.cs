using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Executors.Exec;

/// <summary>The program executor's log messages, written to the attempt's logger so they are kept with the task.</summary>
internal static partial class ExecLog
{
    [LoggerMessage(1, LogLevel.Information, "{Stdout}")]
    public static partial void Stdout(ILogger logger, string stdout);

    [LoggerMessage(2, LogLevel.Warning, "{Stderr}")]
    public static partial void Stderr(ILogger logger, string stderr);

    [LoggerMessage(3, LogLevel.Warning, "{Dropped} more output line(s) were not logged: at most {MaxLogLines} per attempt (Scheduler:Exec:MaxLogLines)")]
    public static partial void LinesDropped(ILogger logger, int dropped, int maxLogLines);

    [LoggerMessage(4, LogLevel.Debug, "Started command {Command} as process {ProcessId} ({Isolation})")]
    public static partial void Started(ILogger logger, string command, int processId, string isolation);

    [LoggerMessage(5, LogLevel.Information, "Ending command {Command}: SIGTERM to its process group {ProcessGroup}")]
    public static partial void Terminating(ILogger logger, string command, int processGroup);

    [LoggerMessage(6, LogLevel.Warning, "Command {Command} still had processes after {GracePeriod} (Scheduler:Exec:KillGracePeriod): SIGKILL to its process group {ProcessGroup}")]
    public static partial void Killing(ILogger logger, string command, int processGroup, TimeSpan gracePeriod);
}
