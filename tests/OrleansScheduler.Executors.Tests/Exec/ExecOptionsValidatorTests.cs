using OrleansScheduler.Executors.Exec;

namespace OrleansScheduler.Executors.Tests.Exec;

/// <summary>The options a silo refuses to start with, each named by its configuration key; and the documented defaults.</summary>
public sealed class ExecOptionsValidatorTests
{
    private static string? Failure(Action<ExecOptions> change)
    {
        var options = new ExecOptions { Commands = { ["sh"] = new ExecCommandOptions { Path = "/bin/sh" } } };
        change(options);
        var result = new ExecOptionsValidator().Validate(null, options);
        return result.Failed ? result.FailureMessage : null;
    }

    [Fact]
    public void the_defaults_are_the_documented_ones_and_valid()
    {
        var options = new ExecOptions();

        Assert.Empty(options.Commands);
        Assert.Empty(options.NonRetryableExitCodes);
        Assert.Equal(1000, options.MaxLogLines);
        Assert.Equal(4096, options.MaxLineLength);
        Assert.Equal(16384, options.ResultTailBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KillGracePeriod);
        Assert.True(options.InheritEnvironment);
        Assert.Null(Failure(_ => { }));
    }

    [Theory]
    [InlineData("relative", "Scheduler:Exec:Commands:sh:Path must be an absolute path")]
    [InlineData("", "Scheduler:Exec:Commands:sh:Path must be set")]
    public void a_command_path_must_be_absolute(string path, string expected) =>
        Assert.Contains(expected, Failure(o => o.Commands["sh"].Path = path));

    [Theory]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    public void a_command_name_must_be_a_valid_task_type_name(string name) =>
        Assert.Contains($"Scheduler:Exec:Commands:{name}: the command name must match", Failure(o => o.Commands[name] = new() { Path = "/bin/true" }));

    [Fact]
    public void caps_must_be_positive()
    {
        Assert.Contains("Scheduler:Exec:MaxLogLines", Failure(o => o.MaxLogLines = 0));
        Assert.Contains("Scheduler:Exec:MaxLineLength", Failure(o => o.MaxLineLength = 0));
        Assert.Contains("Scheduler:Exec:ResultTailBytes", Failure(o => o.ResultTailBytes = -1));
        Assert.Contains("Scheduler:Exec:KillGracePeriod", Failure(o => o.KillGracePeriod = TimeSpan.Zero));
        Assert.Null(Failure(o => o.ResultTailBytes = 0));
    }

    [Fact]
    public void a_bad_env_name_is_named_and_no_env_value_is_ever_shown()
    {
        string? failure = Failure(o =>
        {
            o.Commands["sh"].Env["A=B"] = "secret-one";
            o.Commands["sh"].Path = "relative";
        });

        Assert.Contains("Scheduler:Exec:Commands:sh:Env:A=B", failure);
        Assert.DoesNotContain("secret-one", failure);
    }
}
