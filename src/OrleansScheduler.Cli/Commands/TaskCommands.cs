using System.CommandLine;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Cli.Commands;

/// <summary><c>get</c>, <c>ls</c>, and the changes of one task: <c>cancel</c>, <c>pause</c>, <c>resume</c>, <c>retry</c>, <c>delete</c>.</summary>
public static class TaskCommands
{
    /// <summary>The commands.</summary>
    public static IEnumerable<Command> Create(CommandRunner runner)
    {
        yield return Get(runner);
        yield return List(runner);
        yield return Change(runner, "cancel", "Cancel a Pending, Scheduled, Paused, Waiting or Running task", (c, id, t) => c.CancelAsync(id, t));
        yield return Change(runner, "pause", "Hold a Pending or Scheduled task back", (c, id, t) => c.PauseAsync(id, t));
        yield return Change(runner, "resume", "Let a Paused task go", (c, id, t) => c.ResumeAsync(id, t));
        yield return Change(runner, "retry", "Run a Failed or Canceled task again", (c, id, t) => c.RetryAsync(id, t));
        yield return Change(runner, "delete", "Delete a task (a Running one is canceled first)", (c, id, t) => c.DeleteAsync(id, t));
    }

    private static Command Get(CommandRunner runner)
    {
        var id = new Argument<string>("id") { Description = "The task's id" };
        var command = new Command("get", "Show a task") { id };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            string taskId = parse.GetValue(id)!;
            var task = await session.Client.GetAsync(taskId, cancellationToken).ConfigureAwait(false)
                       ?? throw new NotFoundException($"There is no task with id '{taskId}'.");
            session.Output.Print(task, TaskViews.Detail);
        });
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var queue = new Option<string?>("--queue", "-q") { Description = "Only this queue" };
        var status = new Option<TaskState?>("--status", "-s") { Description = "Only tasks in this state" };
        var type = new Option<string?>("--type") { Description = "Only tasks of this type" };
        var limit = new Option<int?>("--limit", "-n") { Description = "Most tasks in the page (1–1000; default 100)" };
        var after = new Option<string?>("--after") { Description = "The cursor the previous page ended with" };
        var command = new Command("ls", "List tasks, oldest first, a page at a time") { queue, status, type, limit, after };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            var query = new TaskListQuery
            {
                Queue = parse.GetValue(queue),
                Status = parse.GetValue(status),
                Type = parse.GetValue(type),
                Limit = parse.GetValue(limit),
                Cursor = parse.GetValue(after),
            };
            var page = await session.Client.ListAsync(query, cancellationToken).ConfigureAwait(false);
            session.Output.Print(page, p => TaskViews.List(p.Tasks));
            if (page.NextCursor is not null) session.Output.Line($"more: --after {page.NextCursor}");
        });
        return command;
    }

    private static Command Change(CommandRunner runner, string name, string description, Func<SchedulerClient, string, CancellationToken, Task<TaskInfo>> change)
    {
        var id = new Argument<string>("id") { Description = "The task's id" };
        var command = new Command(name, description) { id };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            var task = await change(session.Client, parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            session.Output.Print(task, TaskViews.State);
        });
        return command;
    }
}
