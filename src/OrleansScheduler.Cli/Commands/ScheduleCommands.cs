using System.CommandLine;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Scheduling.Schedules;
using Spectre.Console;

namespace OrleansScheduler.Cli.Commands;

/// <summary><c>schedules ls|add|rm</c>: cron schedules, each submitting a task every time its expression fires.</summary>
public static class ScheduleCommands
{
    /// <summary>The command group.</summary>
    public static Command Create(CommandRunner runner) => new("schedules", "Cron schedules")
    {
        List(runner),
        Add(runner),
        Remove(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var command = new Command("ls", "List the schedules");
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            var schedules = await session.Client.ListSchedulesAsync(cancellationToken).ConfigureAwait(false);
            if (session.Output.IsJson) session.Output.Json(new ScheduleList(schedules));
            else session.Output.Print(schedules, Table);
        });
        return command;
    }

    private static Command Add(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The schedule's name" };
        var cron = new Argument<string>("cron") { Description = "When it fires: a cron expression, e.g. '*/5 * * * *'" };
        var type = new Argument<string>("type") { Description = "The type of the task it submits" };
        var payload = new Argument<string?>("payload") { Description = "The task's payload as JSON, or - for standard input", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read the payload (JSON) from this file" };
        var timeZone = new Option<string?>("--time-zone", "--tz") { Description = "The IANA time zone the expression is read in (default UTC)" };
        var queue = new Option<string?>("--queue", "-q") { Description = "The task's queue" };
        var priority = new Option<int?>("--priority", "-p") { Description = "The task's priority" };
        var overlap = new Option<OverlapPolicy?>("--overlap") { Description = "What a tick does while the last task still runs" };
        var catchUp = new Option<CatchUpPolicy?>("--catch-up") { Description = "What happens to ticks missed while the cluster was down" };
        var disabled = new Option<bool>("--disabled") { Description = "Create it disabled" };
        var replace = new Option<bool>("--replace") { Description = "Replace the schedule of that name if there is one" };
        var command = new Command("add", "Create a schedule (or replace one with --replace)") { name, cron, type, payload, file, timeZone, queue, priority, overlap, catchUp, disabled, replace };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            var request = new ScheduleRequest
            {
                Name = parse.GetValue(name)!,
                Cron = parse.GetValue(cron)!,
                TimeZone = parse.GetValue(timeZone),
                Task = new ScheduleTaskInfo
                {
                    Type = parse.GetValue(type)!,
                    Queue = parse.GetValue(queue),
                    Priority = parse.GetValue(priority),
                    Payload = await JsonArgument.ReadPayloadAsync(parse.GetValue(payload), parse.GetValue(file), session.Input, cancellationToken).ConfigureAwait(false),
                },
                Enabled = parse.GetValue(disabled) ? false : null,
                Overlap = parse.GetValue(overlap),
                CatchUp = parse.GetValue(catchUp),
            };
            var schedule = parse.GetValue(replace)
                ? await session.Client.PutScheduleAsync(request, cancellationToken).ConfigureAwait(false)
                : await session.Client.CreateScheduleAsync(request, cancellationToken).ConfigureAwait(false);
            session.Output.Print(schedule, s => Table([s]));
        });
        return command;
    }

    private static Command Remove(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The schedule's name" };
        var command = new Command("rm", "Delete a schedule (tasks it submitted are left alone)") { name };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            string schedule = parse.GetValue(name)!;
            await session.Client.DeleteScheduleAsync(schedule, cancellationToken).ConfigureAwait(false);
            session.Output.Line($"Deleted schedule '{schedule}'.");
        });
        return command;
    }

    private static Table Table(IEnumerable<ScheduleInfo> schedules)
    {
        var table = Tables.New("name", "cron", "time zone", "type", "queue", "enabled", "next fire", "last fired", "last task");
        foreach (var s in schedules)
        {
            table.Row(s.Name, s.Cron, s.TimeZone, s.Task.Type, s.Task.Queue, s.Enabled ? "yes" : "no",
                Tables.Time(s.NextFireAt), Tables.Time(s.LastFiredAt), s.LastTaskId);
        }
        return table;
    }
}
