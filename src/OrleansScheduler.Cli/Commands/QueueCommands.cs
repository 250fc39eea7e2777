using System.CommandLine;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using Spectre.Console;

namespace OrleansScheduler.Cli.Commands;

/// <summary><c>queues</c> (every queue's counts, throughput and oldest pending) and <c>queue pause|resume|limits</c>.</summary>
public static class QueueCommands
{
    /// <summary>The commands.</summary>
    public static IEnumerable<Command> Create(CommandRunner runner)
    {
        var queues = new Command("queues", "List the queues: tasks per state, throughput of the last minute, oldest pending");
        runner.Handle(queues, async (parse, session, cancellationToken) =>
            session.Output.Print(await session.Client.GetQueueListAsync(cancellationToken).ConfigureAwait(false), l => Stats(l.Stats)));
        yield return queues;

        yield return new Command("queue", "Pause, resume or limit one queue")
        {
            Pause(runner, "pause", "No silo claims the queue's tasks until it is resumed; running ones go on", (c, q, t) => c.PauseQueueAsync(q, t)),
            Pause(runner, "resume", "The queue's tasks are claimed again", (c, q, t) => c.ResumeQueueAsync(q, t)),
            Limits(runner),
        };
    }

    private static Table Stats(IEnumerable<QueueInfo> queues)
    {
        var table = Tables.New("queue", "paused", "pending", "scheduled", "running", "waiting", "paused tasks", "succeeded", "failed", "canceled", "ok/min", "failed/min", "oldest pending");
        foreach (var q in queues)
        {
            var c = q.Counts;
            table.Row(q.Name, q.Paused ? "yes" : "", Tables.Number(c.Pending), Tables.Number(c.Scheduled), Tables.Number(c.Running), Tables.Number(c.Waiting),
                Tables.Number(c.Paused), Tables.Number(c.Succeeded), Tables.Number(c.Failed), Tables.Number(c.Canceled),
                Tables.Number(q.SucceededLastMinute), Tables.Number(q.FailedLastMinute), Tables.Age(q.OldestPendingAgeMs));
        }
        return table;
    }

    private static Command Pause(CommandRunner runner, string name, string description, Func<SchedulerClient, string, CancellationToken, Task<QueuePause>> change)
    {
        var queue = new Argument<string>("name") { Description = "The queue" };
        var command = new Command(name, description) { queue };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            var answer = await change(session.Client, parse.GetValue(queue)!, cancellationToken).ConfigureAwait(false);
            session.Output.Print(answer, a => Tables.New("queue", "paused").Row(a.Queue, a.Paused ? "yes" : "no"));
        });
        return command;
    }

    private static Command Limits(CommandRunner runner)
    {
        var queue = new Argument<string>("name") { Description = "The queue" };
        var concurrency = new Option<int?>("--max-concurrency") { Description = "Most tasks of the queue Running at once, all silos together" };
        var rate = new Option<double?>("--rate") { Description = "Most tasks started per second, all silos together" };
        var command = new Command("limits", "Show the queue's limits, or change the ones given (the others are kept)") { queue, concurrency, rate };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            string name = parse.GetValue(queue)!;
            int? maxConcurrency = parse.GetValue(concurrency);
            double? ratePerSecond = parse.GetValue(rate);
            var current = await session.Client.GetQueueLimitsAsync(name, cancellationToken).ConfigureAwait(false);
            QueueLimitsInfo limits;
            if (maxConcurrency is null && ratePerSecond is null)
            {
                limits = current ?? throw new NotFoundException($"There is no queue '{name}'.");
            }
            else
            {
                // PUT replaces the limits as a whole: keep what the command line does not change.
                var wanted = (current ?? new QueueLimitsInfo()) with
                {
                    MaxConcurrency = maxConcurrency ?? current?.MaxConcurrency,
                    RatePerSecond = ratePerSecond ?? current?.RatePerSecond,
                };
                limits = await session.Client.SetQueueLimitsAsync(name, wanted, cancellationToken).ConfigureAwait(false);
            }
            session.Output.Print(limits, l => Tables.Fields(
                ("queue", name),
                ("max concurrency", Tables.Number(l.MaxConcurrency)),
                ("rate per second", Tables.Number(l.RatePerSecond)),
                ("retention seconds", Tables.Number(l.RetentionSeconds))));
        });
        return command;
    }
}
