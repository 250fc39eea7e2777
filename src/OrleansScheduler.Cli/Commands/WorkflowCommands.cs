using System.CommandLine;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OrleansScheduler.Cli.Commands;

/// <summary><c>workflows get|cancel &lt;id&gt;</c>: a DAG of tasks, with every node's state.</summary>
public static class WorkflowCommands
{
    /// <summary>The command group.</summary>
    public static Command Create(CommandRunner runner)
    {
        var getId = new Argument<string>("id") { Description = "The workflow's id" };
        var get = new Command("get", "Show a workflow and its nodes") { getId };
        runner.Handle(get, async (parse, session, cancellationToken) =>
        {
            string id = parse.GetValue(getId)!;
            var workflow = await session.Client.GetWorkflowAsync(id, cancellationToken).ConfigureAwait(false)
                           ?? throw new NotFoundException($"There is no workflow with id '{id}'.");
            session.Output.Print(workflow, View);
        });

        var cancelId = new Argument<string>("id") { Description = "The workflow's id" };
        var cancel = new Command("cancel", "Cancel a Running workflow: its unfinished nodes are canceled") { cancelId };
        runner.Handle(cancel, async (parse, session, cancellationToken) =>
            session.Output.Print(await session.Client.CancelWorkflowAsync(parse.GetValue(cancelId)!, cancellationToken).ConfigureAwait(false), View));

        return new Command("workflows", "DAG workflows") { get, cancel };
    }

    private static IRenderable View(WorkflowInfo workflow)
    {
        var header = Tables.Fields(
            ("id", workflow.Id),
            ("name", workflow.Name),
            ("status", workflow.Status.ToString()),
            ("run", Tables.Number(workflow.Run)),
            ("created", Tables.Time(workflow.CreatedAt)),
            ("finished", Tables.Time(workflow.FinishedAt)));
        var nodes = Tables.New("node", "task", "type", "status", "attempt", "depends on", "error");
        foreach (var n in workflow.Nodes) nodes.Row(n.Key, n.TaskId, n.Type, n.Status.ToString(), Tables.Number(n.Attempt), string.Join(",", n.DependsOn), n.Error);
        return new Rows(header, nodes);
    }
}
