using System.CommandLine;
using OrleansScheduler.Api;
using Spectre.Console;

namespace OrleansScheduler.Cli.Commands;

/// <summary><c>silos</c>: Orleans' membership with each silo's load, and which one hosts the scheduler grain.</summary>
public static class SiloCommands
{
    /// <summary>The command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("silos", "List the silos: status, load, queues, and the one hosting the scheduler");
        runner.Handle(command, async (parse, session, cancellationToken) =>
            session.Output.Print(await session.Client.ListSilosAsync(cancellationToken).ConfigureAwait(false), Table));
        return command;
    }

    private static Table Table(SiloList list)
    {
        var table = Tables.New("id", "name", "host", "status", "running", "capacity", "free slots", "queues", "draining", "scheduler", "started");
        foreach (var s in list.Silos)
        {
            table.Row(s.Id, s.Name, s.HostName, s.Status.ToString(), Tables.Number(s.Running), Tables.Number(s.Capacity), Tables.Number(s.FreeSlots),
                string.Join(",", s.Queues), s.Draining ? "yes" : "", s.HostsScheduler ? "yes" : "", Tables.Time(s.StartedAt));
        }
        return table;
    }
}
