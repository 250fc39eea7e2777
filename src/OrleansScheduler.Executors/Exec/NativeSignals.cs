using System.Runtime.InteropServices;

namespace OrleansScheduler.Executors.Exec;

/// <summary>
/// libc's <c>kill(2)</c>, which .NET has no managed form of for a process group (a negative pid). Unix only;
/// signal numbers are Linux's (SIGTERM and SIGKILL are the same on macOS, where the group is never used).
/// </summary>
internal static class NativeSignals
{
    /// <summary>Asks the process to stop; it may clean up, or ignore it.</summary>
    public const int SigTerm = 15;

    /// <summary>Stops the process; it cannot be caught or ignored.</summary>
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>, or to every member of group −<paramref name="pid"/>; 0 only checks that one exists.</summary>
    /// <returns>True when at least one process was signaled (or exists, for 0).</returns>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
