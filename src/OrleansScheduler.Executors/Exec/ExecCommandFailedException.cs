namespace OrleansScheduler.Executors.Exec;

/// <summary>An allow-listed program exited with a code other than 0 that is not configured as non-retryable: the attempt fails and the task's retry policy applies.</summary>
/// <param name="command">The command's allow-listed name.</param>
/// <param name="exitCode">The program's exit code (128 + n when signal n killed it).</param>
/// <param name="message">What happened: the command, the code and the last stderr line.</param>
public sealed class ExecCommandFailedException(string command, int exitCode, string message) : Exception(message)
{
    /// <summary>The command's allow-listed name.</summary>
    public string Command { get; } = command;

    /// <summary>The program's exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
