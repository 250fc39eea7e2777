using OrleansScheduler.Executors.Exec;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// Shell scripts for the exec executor's cluster tests, in a temp directory of the test's own, run through an
/// allow-listed command <c>sh</c> (/bin/sh); and the pids they write, to check that a process tree is gone.
/// </summary>
public sealed class ExecScripts : IDisposable
{
    private readonly List<int> _pids = [];

    /// <summary>The directory the scripts and their pid files are in.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory("exec-cluster-").FullName;

    /// <summary>Allows command <c>sh</c> with a short grace period, as a silo's <c>Configure&lt;ExecOptions&gt;</c>.</summary>
    public static void AllowSh(ExecOptions options)
    {
        options.Commands["sh"] = new ExecCommandOptions { Path = "/bin/sh" };
        options.KillGracePeriod = TimeSpan.FromMilliseconds(500);
    }

    /// <summary>Writes <paramref name="body"/> as script <paramref name="name"/> and returns the payload that runs it.</summary>
    public string Payload(string name, string body)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, body.ReplaceLineEndings("\n"));
        return System.Text.Json.JsonSerializer.Serialize(new { command = "sh", args = new[] { path } });
    }

    /// <summary>A script that starts <c>sleep 300 &amp;</c>, writes its pid and the grandchild's to <paramref name="pidFile"/>, then waits.</summary>
    public string TreePayload(string name, out string pidFile)
    {
        pidFile = Path.Combine(Dir, name + ".pids");
        return Payload(name, $"sleep 300 &\necho $$ $! > {pidFile}.tmp\nmv {pidFile}.tmp {pidFile}\nwait\n");
    }

    /// <summary>Waits for the two pids in <paramref name="pidFile"/>.</summary>
    public async Task<int[]> PidsAsync(string pidFile)
    {
        string text = await Eventually.Until(() => Task.FromResult(File.Exists(pidFile) ? File.ReadAllText(pidFile) : ""),
            t => t.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length >= 2, $"two pids in {pidFile}", TimeSpan.FromSeconds(20));
        int[] pids = [.. text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(2).Select(int.Parse)];
        _pids.AddRange(pids);
        return pids;
    }

    /// <summary>Waits until every one of <paramref name="pids"/> is gone (a zombie counts as gone: nothing may reap it here).</summary>
    public static Task WaitUntilGoneAsync(IEnumerable<int> pids) =>
        Eventually.Until(() => Task.FromResult(pids.Where(p => !IsGone(p)).ToList()), left => left.Count == 0,
            "the script and its grandchild to be gone", TimeSpan.FromSeconds(10));

    /// <summary>Whether process <paramref name="pid"/> no longer runs.</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is "Z" or "X";
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (int pid in _pids.Where(p => !IsGone(p)))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp directory's own cleanup.
        }
    }
}
