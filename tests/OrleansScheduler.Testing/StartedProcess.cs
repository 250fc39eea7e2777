using System.Diagnostics;

namespace OrleansScheduler.Testing;

/// <summary>Finds the programs the fixtures start, and ends each process a fixture started itself, by its pid.</summary>
internal static class StartedProcess
{
    /// <summary>The full path of <paramref name="name"/> in a PATH directory, or null.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Kills <paramref name="process"/> (not its children) unless it has exited, waits for it, and disposes it.</summary>
    public static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // it exited between the check and the kill
        }
        process.Dispose();
    }
}
