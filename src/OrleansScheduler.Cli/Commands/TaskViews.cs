using OrleansScheduler.Api;
using Spectre.Console;

namespace OrleansScheduler.Cli.Commands;

/// <summary>How tasks look in table output.</summary>
public static class TaskViews
{
    /// <summary>One task, field by field.</summary>
    public static Table Detail(TaskInfo t) => Tables.Fields(
        ("id", t.Id),
        ("queue", t.Queue),
        ("type", t.Type),
        ("status", t.Status.ToString()),
        ("attempt", $"{t.Attempt}/{t.MaxAttempts}"),
        ("priority", Tables.Number(t.Priority)),
        ("payload", CliOutput.Compact(t.Payload)),
        ("result", CliOutput.Compact(t.Result)),
        ("error", t.Error),
        ("progress", t.Progress is null ? null : $"{t.Progress}% {t.ProgressMessage}".TrimEnd()),
        ("created", Tables.Time(t.CreatedAt)),
        ("run at", Tables.Time(t.RunAt)),
        ("started", Tables.Time(t.StartedAt)),
        ("finished", Tables.Time(t.FinishedAt)),
        ("silo", t.Silo),
        ("routed to", t.RoutedTo),
        ("waiting for", t.WaitingFor),
        ("parent", t.ParentId),
        ("workflow", t.WorkflowId));

    /// <summary>Tasks, one row each.</summary>
    public static Table List(IEnumerable<TaskInfo> tasks)
    {
        var table = Tables.New("id", "queue", "type", "status", "attempt", "priority", "created", "error");
        foreach (var t in tasks) table.Row(t.Id, t.Queue, t.Type, t.Status.ToString(), $"{t.Attempt}/{t.MaxAttempts}", Tables.Number(t.Priority), Tables.Time(t.CreatedAt), t.Error);
        return table;
    }

    /// <summary>A task after a change: its id and state.</summary>
    public static Table State(TaskInfo t) => Tables.New("id", "queue", "status").Row(t.Id, t.Queue, t.Status.ToString());
}
