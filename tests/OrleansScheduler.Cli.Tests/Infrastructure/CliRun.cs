using System.Text.Json;

namespace OrleansScheduler.Cli.Tests.Infrastructure;

/// <summary>One in-process run of <c>osched</c>: its exit code and what it wrote.</summary>
public sealed record CliRun(string[] Args, int ExitCode, string Out, string Error)
{
    /// <summary>Calls the CLI's entry point with <paramref name="args"/> and captured standard streams.</summary>
    public static async Task<CliRun> RunAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        // A command that never ends (watch) fails the test instead of hanging the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int code = await OschedCli.RunAsync(args, input, output, error, timeout.Token);
        return new CliRun(args, code, output.ToString(), error.ToString());
    }

    /// <summary>Standard output as JSON (for <c>--output json</c>).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the exit code, showing the run when it differs.</summary>
    public CliRun ExitsWith(int expected)
    {
        Assert.True(ExitCode == expected, $"osched {string.Join(' ', Args)} exited {ExitCode}, expected {expected}.\nstdout:\n{Out}\nstderr:\n{Error}");
        return this;
    }
}
