using System.CommandLine;
using OrleansScheduler.Api;
using Spectre.Console;

namespace OrleansScheduler.Cli.Commands;

/// <summary><c>dlq ls &lt;queue&gt;</c> and <c>dlq retry &lt;queue&gt; [ids...]</c>: a queue's Failed tasks.</summary>
public static class DeadLetterCommands
{
    /// <summary>The command group.</summary>
    public static Command Create(CommandRunner runner) => new("dlq", "A queue's dead letters: its Failed tasks")
    {
        List(runner),
        Retry(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var queue = new Argument<string>("queue") { Description = "The queue" };
        var limit = new Option<int?>("--limit", "-n") { Description = "Most tasks in the page (1–1000; default 100)" };
        var after = new Option<string?>("--after") { Description = "The cursor the previous page ended with" };
        var command = new Command("ls", "List the queue's Failed tasks with their last error") { queue, limit, after };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            var page = await session.Client.ListDeadLetterAsync(parse.GetValue(queue)!, parse.GetValue(limit), parse.GetValue(after), cancellationToken).ConfigureAwait(false);
            session.Output.Print(page, p => TaskViews.List(p.Tasks));
            if (page.NextCursor is not null) session.Output.Line($"more: --after {page.NextCursor}");
        });
        return command;
    }

    private static Command Retry(CommandRunner runner)
    {
        var queue = new Argument<string>("queue") { Description = "The queue" };
        var ids = new Argument<string[]>("ids") { Description = "The tasks to retry (default: every Failed task of the queue)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("retry", "Retry the queue's Failed tasks, or the ones named") { queue, ids };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            string[] named = parse.GetValue(ids) ?? [];
            var result = await session.Client.RetryDeadLetterAsync(parse.GetValue(queue)!, named.Length == 0 ? null : named, cancellationToken).ConfigureAwait(false);
            session.Output.Print(result, Outcome);
        });
        return command;
    }

    private static Table Outcome(DeadLetterRetryResult result)
    {
        var table = Tables.New("id", "outcome", "detail");
        foreach (string id in result.Retried) table.Row(id, "retried", "");
        foreach (var skipped in result.Skipped) table.Row(skipped.Id, skipped.Reason.ToString(), skipped.Detail);
        return table;
    }
}
