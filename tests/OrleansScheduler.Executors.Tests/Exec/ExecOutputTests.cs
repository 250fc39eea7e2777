using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Executors.Tests.Exec;

/// <summary>What reaches the program (argv, stdin, env) and what comes back as log lines.</summary>
public sealed class ExecOutputTests : IDisposable
{
    private readonly ExecHarness _exec = new();

    public void Dispose() => _exec.Dispose();

    [Fact]
    public async Task stdout_and_stderr_lines_are_logged_while_the_program_still_runs()
    {
        string script = _exec.Script("echo out-line\necho err-line >&2\nexec sleep 300\n");
        using var cancel = new CancellationTokenSource();

        var run = _exec.RunAsync(ExecHarness.ShPayload(script), cancel.Token);
        await Eventually.Until(() => Task.FromResult(_exec.Logger.Lines), lines => lines.Count >= 2, "both lines to be logged", TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Contains("out-line", _exec.Logger.At(LogLevel.Information));
        Assert.Contains("err-line", _exec.Logger.At(LogLevel.Warning));
    }

    [Fact]
    public async Task output_past_MaxLogLines_is_dropped_and_counted_in_one_last_line()
    {
        string script = _exec.Script("i=0\nwhile [ $i -lt 25 ]; do echo line-$i; i=$((i+1)); done\n");
        _exec.Options.MaxLogLines = 10;

        await _exec.RunAsync(ExecHarness.ShPayload(script));

        var lines = _exec.Logger.Lines;
        Assert.Equal(10, lines.Count(l => l.Message.StartsWith("line-", StringComparison.Ordinal)));
        Assert.Equal("line-9", lines.Last(l => l.Message.StartsWith("line-", StringComparison.Ordinal)).Message);
        Assert.Contains("15 more output line(s) were not logged", lines[^1].Message);
    }

    [Fact]
    public async Task a_line_longer_than_MaxLineLength_is_cut()
    {
        string script = _exec.Script("printf 'abcdefghij\\nshort\\n'\n");
        _exec.Options.MaxLineLength = 4;

        await _exec.RunAsync(ExecHarness.ShPayload(script));

        Assert.Equal(["abcd", "shor"], _exec.Logger.At(LogLevel.Information));
    }

    [Fact]
    public async Task stdin_and_env_reach_the_program()
    {
        string script = _exec.Script("read line\necho \"stdin=$line\"\necho \"env=$GREETING/$FIXED\"\n");
        _exec.Options.Commands["sh"].Env["FIXED"] = "from-config";
        string payload = JsonSerializer.Serialize(new { command = "sh", args = new[] { script }, stdin = "typed text\n", env = new { GREETING = "hi" } });

        var result = ExecHarness.Json(await _exec.RunAsync(payload));

        Assert.Equal("stdin=typed text\nenv=hi/from-config\n", result.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task with_InheritEnvironment_off_the_program_sees_none_of_the_silos_variables()
    {
        string script = _exec.Script("echo \"home=${HOME:-none} fixed=$FIXED\"\n");
        _exec.Options.InheritEnvironment = false;
        _exec.Options.Commands["sh"].Env["FIXED"] = "kept";

        var result = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)));

        Assert.Equal("home=none fixed=kept\n", result.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task without_stdin_the_programs_stdin_is_closed_at_once()
    {
        string script = _exec.Script("cat\necho done\n");

        var result = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)));

        Assert.Equal("done\n", result.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task args_are_passed_as_they_are_never_interpreted_by_a_shell()
    {
        string script = _exec.Script("for a in \"$@\"; do echo \"[$a]\"; done\n");
        string marker = Path.Combine(_exec.Dir, "x");

        var result = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script, $"$(touch {marker})", "a b", "*;|")));

        Assert.Equal($"[$(touch {marker})]\n[a b]\n[*;|]\n", result.GetProperty("stdout").GetString());
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task the_command_runs_in_the_payloads_workingDir()
    {
        string script = _exec.Script("pwd\n");
        string payload = JsonSerializer.Serialize(new { command = "sh", args = new[] { script }, workingDir = _exec.Dir });

        var result = ExecHarness.Json(await _exec.RunAsync(payload));

        Assert.Equal(new DirectoryInfo(_exec.Dir).FullName + "\n", result.GetProperty("stdout").GetString());
    }
}
