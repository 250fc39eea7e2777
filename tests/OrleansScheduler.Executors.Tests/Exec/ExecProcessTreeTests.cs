using System.Diagnostics;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Executors.Tests.Exec;

/// <summary>Each command runs in a process group of its own, and nothing of that group outlives the attempt: not on cancel, not after a normal exit.</summary>
public sealed class ExecProcessTreeTests : IDisposable
{
    private readonly ExecHarness _exec = new();
    private readonly List<int> _pids = [];

    public void Dispose()
    {
        foreach (int pid in _pids.Where(p => !Pids.IsGone(p))) Pids.Kill(pid);
        _exec.Dispose();
    }

    /// <summary>A script that starts a background grandchild, writes its own pid and the grandchild's to a file, then runs <paramref name="then"/>.</summary>
    private (string Script, string PidFile) TreeScript(string then, string prelude = "")
    {
        string pidFile = Path.Combine(_exec.Dir, "pids");
        string script = _exec.Script($"{prelude}sleep 300 &\necho $$ $! > {pidFile}.tmp\nmv {pidFile}.tmp {pidFile}\n{then}\n");
        return (script, pidFile);
    }

    private async Task<int[]> PidsOfAsync(string pidFile)
    {
        var pids = await Pids.ReadAsync(pidFile, 2);
        _pids.AddRange(pids);
        return pids;
    }

    [Fact]
    public async Task a_cancel_ends_the_child_and_its_grandchild_within_the_grace_period()
    {
        // Long enough that a busy machine cannot make SIGTERM look slow, and the run still ends well before it.
        _exec.Options.KillGracePeriod = TimeSpan.FromSeconds(3);
        var (script, pidFile) = TreeScript("wait");
        using var cancel = new CancellationTokenSource();
        var run = _exec.RunAsync(ExecHarness.ShPayload(script), cancel.Token);
        var pids = await PidsOfAsync(pidFile);

        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.True(watch.Elapsed < _exec.Options.KillGracePeriod, $"the cancel took {watch.ElapsedMilliseconds} ms");
        Assert.DoesNotContain(_exec.Logger.Lines, l => l.Message.Contains("SIGKILL", StringComparison.Ordinal));
        Assert.All(pids, pid => Assert.True(Pids.IsGone(pid), $"process {pid} still runs"));
    }

    [Fact]
    public async Task a_child_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        // An ignored signal stays ignored across exec, so the grandchild ignores TERM too.
        var (script, pidFile) = TreeScript("wait", prelude: "trap '' TERM\n");
        using var cancel = new CancellationTokenSource();
        var run = _exec.RunAsync(ExecHarness.ShPayload(script), cancel.Token);
        var pids = await PidsOfAsync(pidFile);

        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.True(watch.Elapsed >= _exec.Options.KillGracePeriod, $"the cancel took only {watch.ElapsedMilliseconds} ms");
        Assert.Contains(_exec.Logger.Lines, l => l.Message.Contains("SIGKILL", StringComparison.Ordinal));
        Assert.All(pids, pid => Assert.True(Pids.IsGone(pid), $"process {pid} still runs"));
    }

    [Fact]
    public async Task a_background_grandchild_left_after_a_normal_exit_is_ended()
    {
        var (script, pidFile) = TreeScript("echo parent-done");

        var result = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)));
        var pids = await PidsOfAsync(pidFile);

        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
        await Eventually.Until(() => Task.FromResult(pids.Where(p => !Pids.IsGone(p)).ToList()), left => left.Count == 0,
            "the script and its grandchild to be gone", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task a_grandchild_that_leaves_the_group_cannot_hold_the_attempt_up_on_its_pipes()
    {
        // setsid again: the grandchild escapes the group, keeping stdout open; the attempt must end anyway.
        string pidFile = Path.Combine(_exec.Dir, "escaped");
        string script = _exec.Script($"setsid sh -c 'echo $$ > {pidFile}; exec sleep 300' &\nwhile [ ! -s {pidFile} ]; do sleep 0.01; done\necho done\n");

        var result = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)).WaitAsync(TimeSpan.FromSeconds(10)));
        _pids.AddRange(await Pids.ReadAsync(pidFile, 1));

        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
        Assert.Contains("done", result.GetProperty("stdout").GetString());
    }
}
