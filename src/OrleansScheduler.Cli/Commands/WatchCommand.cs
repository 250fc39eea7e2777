using System.CommandLine;
using System.Globalization;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using Spectre.Console;

namespace OrleansScheduler.Cli.Commands;

/// <summary>
/// <c>watch &lt;id&gt;</c> and <c>watch --queue &lt;name&gt;</c>: live progress bars (Spectre.Console) of a task until it
/// ends, or of every running task of a queue until Ctrl+C, from the queue's event stream, with each running task's
/// progress and message polled beside it. With <c>--output json</c>, or when standard output is not a terminal,
/// one JSON line per event instead.
/// </summary>
public static class WatchCommand
{
    /// <summary>How often a bar's progress is asked for.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>At most this many running tasks of a queue have their progress polled; the others show their state only.</summary>
    public const int MostPolled = 20;

    /// <summary>How far before the watch a queue's stream starts, so a task that started as the watch began is not missed.</summary>
    public static readonly TimeSpan QueueLookBack = TimeSpan.FromSeconds(2);

    /// <summary>The command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var id = new Argument<string?>("id") { Description = "The task's id (or give --queue)", Arity = ArgumentArity.ZeroOrOne };
        var queue = new Option<string?>("--queue", "-q") { Description = "Watch every running task of this queue, until Ctrl+C" };
        var command = new Command("watch", "Follow a task's progress until it ends, or a queue's running tasks until Ctrl+C") { id, queue };
        runner.Handle(command, (parse, session, cancellationToken) =>
        {
            string? taskId = parse.GetValue(id), queueName = parse.GetValue(queue);
            if ((taskId is null) == (queueName is null)) throw new UsageException("Give a task id or --queue <name>, not both and not neither.");
            return taskId is not null ? WatchTaskAsync(session, taskId, cancellationToken) : WatchQueueAsync(session, queueName!, cancellationToken);
        });
        return command;
    }

    private static bool Live(CliOutput output) => output.IsTerminal && !output.IsJson;

    private static async Task WatchTaskAsync(CliSession session, string taskId, CancellationToken cancellationToken)
    {
        var client = session.Client;
        var task = await client.GetAsync(taskId, cancellationToken).ConfigureAwait(false)
                   ?? throw new NotFoundException($"There is no task with id '{taskId}'.");
        // The task's events so far, then the stream after the last of them: nothing is missed in between.
        var seen = await client.GetTaskEventsAsync(taskId, cancellationToken).ConfigureAwait(false)
                   ?? throw new NotFoundException($"There is no task with id '{taskId}'.");
        if (!Live(session.Output))
        {
            foreach (var e in seen)
            {
                session.Output.Json(e);
                if (Ends(e)) return;
            }
            if (IsTerminal(task.Status)) return;
            await foreach (var e in client.StreamEventsAsync(task.Queue, seen.LastOrDefault()?.Id, cancellationToken).ConfigureAwait(false))
            {
                if (e.TaskId != taskId) continue;
                session.Output.Json(e);
                if (Ends(e)) return;
            }
            return;
        }
        await Bars(session.Output, hideEnded: false).StartAsync(async context =>
        {
            var board = new ProgressBoard(context);
            board.Show(task);
            if (IsTerminal(task.Status) || seen.Any(Ends)) return;
            using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var polling = PollAsync(client, board, done.Token);
            try
            {
                await foreach (var e in client.StreamEventsAsync(task.Queue, seen.LastOrDefault()?.Id, done.Token).ConfigureAwait(false))
                {
                    if (e.TaskId != taskId) continue;
                    if (Ends(e))
                    {
                        // The last report (100%, the handler's final message) before the bar ends.
                        if (await client.GetProgressAsync(taskId, done.Token).ConfigureAwait(false) is { } last) board.Apply(last with { Status = TaskState.Running });
                        board.Apply(e);
                        break;
                    }
                    board.Apply(e);
                    if (board.Running.Count == 0) break;
                }
            }
            finally
            {
                await done.CancelAsync().ConfigureAwait(false);
                await polling.ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private static async Task WatchQueueAsync(CliSession session, string queue, CancellationToken cancellationToken)
    {
        var client = session.Client;
        string after = (DateTimeOffset.UtcNow - QueueLookBack).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        try
        {
            if (!Live(session.Output))
            {
                await foreach (var e in client.StreamEventsAsync(queue, after, cancellationToken).ConfigureAwait(false)) session.Output.Json(e);
                return;
            }
            var running = await client.ListAsync(new TaskListQuery { Queue = queue, Status = TaskState.Running }, cancellationToken).ConfigureAwait(false);
            await Bars(session.Output, hideEnded: true).StartAsync(async context =>
            {
                var board = new ProgressBoard(context);
                foreach (var task in running.Tasks) board.Show(task);
                using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var polling = PollAsync(client, board, done.Token);
                try
                {
                    await foreach (var e in client.StreamEventsAsync(queue, after, cancellationToken).ConfigureAwait(false)) board.Apply(e);
                }
                finally
                {
                    // The stream ended (Ctrl+C, or the gateway went away): so does the polling.
                    await done.CancelAsync().ConfigureAwait(false);
                    await polling.ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the way a queue's watch ends.
        }
    }

    private static Progress Bars(CliOutput output, bool hideEnded) =>
        output.Ansi.Progress()
            .AutoClear(false)
            .HideCompleted(hideEnded)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn());

    /// <summary>Asks for the progress of the running bars (the first <see cref="MostPolled"/>) until <paramref name="cancellationToken"/> fires.</summary>
    private static async Task PollAsync(SchedulerClient client, ProgressBoard board, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                foreach (string id in board.Running.Take(MostPolled))
                {
                    if (await client.GetProgressAsync(id, cancellationToken).ConfigureAwait(false) is { } report) board.Apply(report);
                }
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watch ended.
        }
    }

    private static bool IsTerminal(TaskState state) => state is TaskState.Succeeded or TaskState.Failed or TaskState.Canceled;

    private static bool Ends(TaskEventInfo e) => e.Type == "deleted" || e.To is { } to && IsTerminal(to);
}
