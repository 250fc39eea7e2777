using OrleansScheduler.Executors.Exec;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Executors.Tests.Exec;

/// <summary>How a program's exit becomes the attempt's outcome: a result, a retryable failure, or a failure of the task.</summary>
public sealed class ExecOutcomeTests : IDisposable
{
    private readonly ExecHarness _exec = new();

    public void Dispose() => _exec.Dispose();

    [Fact]
    public async Task a_command_that_exits_0_succeeds_with_its_stdout_in_the_result()
    {
        string script = _exec.Script("echo hello\necho world\n");

        var result = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)));

        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
        Assert.Equal("hello\nworld\n", result.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task the_result_holds_only_the_last_ResultTailBytes_of_stdout_and_none_when_it_is_0()
    {
        string script = _exec.Script("echo first-line\necho 0123456789\n");
        _exec.Options.ResultTailBytes = 6;

        var tail = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)));
        _exec.Options.ResultTailBytes = 0;
        var none = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)));

        Assert.Equal("56789\n", tail.GetProperty("stdout").GetString());
        Assert.False(none.TryGetProperty("stdout", out _), none.ToString());
    }

    [Fact]
    public async Task the_result_keeps_markup_and_non_ascii_text_unescaped_so_it_is_not_swollen_past_the_result_limit()
    {
        string script = _exec.Script("echo '<b>&</b> é'\n");

        var result = ExecHarness.Json(await _exec.RunAsync(ExecHarness.ShPayload(script)));

        Assert.Contains("<b>&</b> é", result.GetRawText());
    }

    [Fact]
    public async Task a_command_that_exits_3_fails_and_is_retried_naming_the_command_the_code_and_the_last_stderr_line()
    {
        string script = _exec.Script("echo working\necho 'first problem' >&2\necho 'disk full' >&2\nexit 3\n");

        var failure = await Assert.ThrowsAsync<ExecCommandFailedException>(() => _exec.RunAsync(ExecHarness.ShPayload(script)));

        Assert.Equal(3, failure.ExitCode);
        Assert.Equal("sh", failure.Command);
        Assert.Contains("Command 'sh'", failure.Message);
        Assert.Contains("exited with code 3", failure.Message);
        Assert.Contains("'disk full'", failure.Message);
    }

    [Fact]
    public async Task an_exit_code_configured_as_non_retryable_fails_the_task_at_once()
    {
        string script = _exec.Script("exit 4\n");
        _exec.Options.Commands["sh"].NonRetryableExitCodes.Add(4);
        _exec.Options.NonRetryableExitCodes.Add(5);

        var own = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync(ExecHarness.ShPayload(script)));
        var global = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync(ExecHarness.ShPayload(_exec.Script("exit 5\n", "five.sh"))));

        Assert.Contains("exited with code 4", own.Message);
        Assert.Contains("exited with code 5", global.Message);
    }

    [Fact]
    public async Task a_program_killed_by_a_signal_reports_the_signal()
    {
        string script = _exec.Script("kill -KILL $$\n");

        var failure = await Assert.ThrowsAsync<ExecCommandFailedException>(() => _exec.RunAsync(ExecHarness.ShPayload(script)));

        Assert.Contains("killed by signal 9 (SIGKILL", failure.Message);
    }
}
