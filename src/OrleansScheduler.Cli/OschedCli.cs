using System.CommandLine;
using OrleansScheduler.Cli.Commands;

namespace OrleansScheduler.Cli;

/// <summary>The <c>osched</c> command line: the root command with every command, and the entry point tests call in-process.</summary>
public static class OschedCli
{
    /// <summary>
    /// Runs <c>osched</c> with <paramref name="args"/>, reading standard input from <paramref name="input"/> and
    /// writing to <paramref name="output"/> and <paramref name="error"/>; returns the exit code (<see cref="ExitCodes"/>).
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, input, output, error, terminal: null, cancellationToken);

    /// <summary>
    /// Runs <c>osched</c> as <see cref="RunAsync(string[], TextReader, TextWriter, TextWriter, CancellationToken)"/> does, with
    /// <paramref name="terminal"/> saying whether <paramref name="output"/> is a terminal (null: detect it), so a test can
    /// see the live displays a terminal gets.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, bool? terminal, CancellationToken cancellationToken = default)
    {
        var root = CreateRoot(input, output, error, terminal);
        var parse = root.Parse(args);
        int code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
        // System.CommandLine answers a parse error with 1, which is ExitCodes.Usage too.
        return code;
    }

    /// <summary>The root command, with the global options and every command.</summary>
    /// <remarks><paramref name="terminal"/>: whether <paramref name="output"/> is a terminal; null to detect it.</remarks>
    public static RootCommand CreateRoot(TextReader input, TextWriter output, TextWriter error, bool? terminal = null)
    {
        var options = new GlobalOptions();
        var runner = new CommandRunner(options, input, output, error, terminal);
        var root = new RootCommand("osched: submit, inspect and manage the tasks, queues and schedules of an OrleansScheduler cluster through its gateway API.");
        options.AddTo(root);
        root.Subcommands.Add(SubmitCommand.Create(runner));
        foreach (var command in TaskCommands.Create(runner)) root.Subcommands.Add(command);
        foreach (var command in QueueCommands.Create(runner)) root.Subcommands.Add(command);
        root.Subcommands.Add(DeadLetterCommands.Create(runner));
        root.Subcommands.Add(SiloCommands.Create(runner));
        root.Subcommands.Add(ScheduleCommands.Create(runner));
        root.Subcommands.Add(WorkflowCommands.Create(runner));
        root.Subcommands.Add(WatchCommand.Create(runner));
        return root;
    }
}
