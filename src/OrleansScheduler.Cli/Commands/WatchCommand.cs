using System.CommandLine;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Cli.Commands;

/// <summary>
/// <c>watch &lt;id&gt;</c>: prints a task's transitions and progress as its queue's event stream reports
/// them, and ends once the task is Succeeded, Failed or Canceled (or deleted).
/// </summary>
public static class WatchCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var id = new Argument<string>("id") { Description = "The task's id" };
        var command = new Command("watch", "Follow a task's progress until it ends") { id };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            string taskId = parse.GetValue(id)!;
            var task = await session.Client.GetAsync(taskId, cancellationToken).ConfigureAwait(false)
                       ?? throw new NotFoundException($"There is no task with id '{taskId}'.");
            // The task's events so far, then the stream after the last of them: nothing is missed in between.
            var seen = await session.Client.GetTaskEventsAsync(taskId, cancellationToken).ConfigureAwait(false)
                       ?? throw new NotFoundException($"There is no task with id '{taskId}'.");
            foreach (var e in seen)
            {
                Print(session.Output, e);
                if (Ends(e)) return;
            }
            if (IsTerminal(task.Status))
            {
                session.Output.Line($"{taskId} is {task.Status}.");
                return;
            }
            await foreach (var e in session.Client.StreamEventsAsync(task.Queue, seen.LastOrDefault()?.Id, cancellationToken).ConfigureAwait(false))
            {
                if (e.TaskId != taskId) continue;
                Print(session.Output, e);
                if (Ends(e)) return;
            }
        });
        return command;
    }

    private static bool IsTerminal(TaskState state) => state is TaskState.Succeeded or TaskState.Failed or TaskState.Canceled;

    private static bool Ends(TaskEventInfo e) => e.Type == "deleted" || e.To is { } to && IsTerminal(to);

    private static void Print(CliOutput output, TaskEventInfo e)
    {
        if (output.IsJson)
        {
            output.Json(e);
            return;
        }
        string transition = e.From is null && e.To is null ? "" : $" {e.From?.ToString() ?? "-"} -> {e.To?.ToString() ?? "-"}";
        string progress = e.Progress is { } p ? $" {Bar(p)} {p}%" : "";
        string error = e.Error is null ? "" : " error: " + e.Error;
        output.Line($"{Tables.Time(e.Time)} {e.Type}{transition} attempt {e.Attempt}{(e.Silo is null ? "" : " on " + e.Silo)}{progress}{error}");
    }

    private static string Bar(int percent)
    {
        int filled = Math.Clamp(percent, 0, 100) / 5;
        return "[" + new string('#', filled) + new string('.', 20 - filled) + "]";
    }
}
