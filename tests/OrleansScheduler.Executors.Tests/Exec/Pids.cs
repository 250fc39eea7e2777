using OrleansScheduler.Testing;

namespace OrleansScheduler.Executors.Tests.Exec;

/// <summary>Reads the pids a script wrote, and tells whether a process is gone (a zombie counts as gone: nothing may reap it here).</summary>
public static class Pids
{
    /// <summary>Waits until <paramref name="file"/> holds <paramref name="count"/> pids and returns them.</summary>
    public static async Task<int[]> ReadAsync(string file, int count)
    {
        var text = await Eventually.Until(() => Task.FromResult(File.Exists(file) ? File.ReadAllText(file) : ""),
            t => t.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length >= count, $"{count} pids in {file}", TimeSpan.FromSeconds(10));
        return [.. text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(count).Select(int.Parse)];
    }

    /// <summary>Whether process <paramref name="pid"/> no longer runs.</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is "Z" or "X";
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Ends a process a failing test left behind.</summary>
    public static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }
}
