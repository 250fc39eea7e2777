using System.Text.Json;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Executors.Tests.Exec;

/// <summary>Whatever the allow-list or the payload's shape refuses fails the task at once, saying what is allowed and how to allow more.</summary>
public sealed class ExecRefusalTests : IDisposable
{
    private readonly ExecHarness _exec = new();

    public void Dispose() => _exec.Dispose();

    [Fact]
    public async Task an_unknown_command_is_refused_naming_it_the_silo_and_the_allowed_commands()
    {
        var refusal = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync("""{"command":"rm","args":["-rf","/"]}"""));

        Assert.Contains("'rm'", refusal.Message);
        Assert.Contains($"'{ExecHarness.SiloId}'", refusal.Message);
        Assert.Contains("allows: sh.", refusal.Message);
        Assert.Contains("Scheduler:Exec:Commands:<name>:Path", refusal.Message);
    }

    [Fact]
    public async Task with_an_empty_allow_list_every_command_is_refused()
    {
        _exec.Options.Commands.Clear();

        var refusal = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync("""{"command":"sh"}"""));

        Assert.Contains("'sh'", refusal.Message);
        Assert.Contains("allows no commands", refusal.Message);
        Assert.Contains("Scheduler:Exec:Commands:<name>:Path", refusal.Message);
    }

    [Theory]
    [InlineData("""{"command":"sh","args":"-c ls"}""")]
    [InlineData("""{"command":"sh","env":{"N":1}}""")]
    [InlineData("""{"command":"sh","arg":["x"]}""")]
    [InlineData("""["sh"]""")]
    public async Task a_payload_of_the_wrong_shape_is_refused_naming_the_command_and_the_allowed_ones(string payload)
    {
        var refusal = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync(payload));

        if (payload.StartsWith('{')) Assert.Contains("(command 'sh')", refusal.Message);
        Assert.Contains("allows: sh.", refusal.Message);
    }

    [Fact]
    public async Task a_payload_without_a_command_is_refused()
    {
        var refusal = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync("""{"args":["x"]}"""));

        Assert.Contains("names no command", refusal.Message);
    }

    [Theory]
    [InlineData("relative/dir")]
    [InlineData("/no/such/dir/anywhere")]
    public async Task a_workingDir_that_is_not_an_existing_absolute_directory_is_refused_naming_it(string dir)
    {
        string payload = JsonSerializer.Serialize(new { command = "sh", args = new[] { "-c", "true" }, workingDir = dir });

        var refusal = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync(payload));

        Assert.Contains($"'{dir}'", refusal.Message);
    }

    [Fact]
    public async Task the_payload_may_not_override_a_configured_env_entry_and_the_message_never_shows_its_value()
    {
        _exec.Options.Commands["sh"].Env["TOKEN"] = "s3cret-value";
        string payload = JsonSerializer.Serialize(new { command = "sh", args = new[] { "-c", "true" }, env = new { TOKEN = "mine" } });

        var refusal = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync(payload));

        Assert.Contains("'TOKEN'", refusal.Message);
        Assert.DoesNotContain("s3cret-value", refusal.Message);
    }

    [Theory]
    [InlineData("LD_PRELOAD")]
    [InlineData("BASH_ENV")]
    [InlineData("BASH_FUNC_ls%%")]
    [InlineData("PATH")]
    public async Task the_payload_may_not_set_a_variable_that_makes_a_program_run_other_code(string name)
    {
        string payload = JsonSerializer.Serialize(new { command = "sh", args = new[] { "-c", "true" }, env = new Dictionary<string, string> { [name] = "/tmp/x" } });

        var refusal = await Assert.ThrowsAsync<NonRetryableTaskException>(() => _exec.RunAsync(payload));

        Assert.Contains($"Env '{name}' of command 'sh'", refusal.Message);
        Assert.Contains("cannot be set by a payload", refusal.Message);
    }

    [Fact]
    public async Task a_configured_program_missing_on_the_silo_fails_the_attempt_to_be_retried_elsewhere()
    {
        _exec.Options.Commands["gone"] = new() { Path = "/no/such/program" };

        var failure = await Assert.ThrowsAsync<FileNotFoundException>(() => _exec.RunAsync("""{"command":"gone"}"""));

        Assert.Contains("/no/such/program", failure.Message);
    }
}
