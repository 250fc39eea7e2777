namespace OrleansScheduler.Executors.Exec;

/// <summary>Says how a program ended, in the words a failed task's error shows.</summary>
internal static class ExitDescription
{
    /// <summary>Highest signal number reported as such; .NET reports a process a signal killed as 128 + its number.</summary>
    private const int MaxSignal = 64;

    /// <summary>"&lt;where&gt; exited with code 3; last stderr line: '…'." or "… was killed by signal 9 (SIGKILL, exit code 137) …".</summary>
    public static string Failure(string where, int code, string? lastStderrLine)
    {
        string how = OperatingSystem.IsWindows() || code <= 128 || code > 128 + MaxSignal
            ? $"exited with code {code}"
            : $"was killed by signal {code - 128} ({SignalName(code - 128)}, exit code {code})";
        string stderr = lastStderrLine is null ? "no stderr output" : $"last stderr line: '{lastStderrLine}'";
        return $"{Capitalized(where)} {how}; {stderr}.";
    }

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => $"signal {signal}",
    };

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
