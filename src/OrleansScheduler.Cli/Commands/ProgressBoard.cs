using OrleansScheduler.Api;
using OrleansScheduler.Tasks;
using Spectre.Console;

namespace OrleansScheduler.Cli.Commands;

/// <summary>
/// <c>watch</c>'s live display: one Spectre progress bar per running task, its description the task's id, state and
/// latest progress message. Events (from the queue's stream) add and end bars; progress reports (polled, since the
/// stream carries transitions, not a handler's percentages) move them. Called from the stream's loop and the poll's.
/// </summary>
public sealed class ProgressBoard(ProgressContext context)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _bars = new(StringComparer.Ordinal);

    /// <summary>The tasks whose bars still run, oldest first (the ones to poll).</summary>
    public IReadOnlyList<string> Running
    {
        get
        {
            lock (_lock) return [.. _bars.Where(b => b.Value.Running).Select(b => b.Key)];
        }
    }

    /// <summary>Shows <paramref name="task"/> as it is now: a bar while it runs, ended once it is terminal.</summary>
    public void Show(TaskInfo task) => Apply(task.Id, task.Status, task.Progress, task.ProgressMessage, addIfMissing: true);

    /// <summary>A transition: a task that started gets a bar, one that ended (or was deleted) has its bar ended.</summary>
    public void Apply(TaskEventInfo e)
    {
        if (e.Type == "deleted") Apply(e.TaskId, null, null, null, addIfMissing: false);
        else if (e.To is { } to) Apply(e.TaskId, to, e.Progress, null, addIfMissing: to == TaskState.Running);
    }

    /// <summary>A progress report: moves the task's bar, and ends it when the report says the task ended.</summary>
    public void Apply(TaskProgressInfo report) => Apply(report.TaskId, report.Status, report.Progress, report.Message, addIfMissing: false);

    private void Apply(string id, TaskState? state, int? progress, string? message, bool addIfMissing)
    {
        lock (_lock)
        {
            bool known = _bars.TryGetValue(id, out Entry? bar);
            if (!known && !addIfMissing) return;
            if (!known)
            {
                bar = new Entry(context.AddTask(Markup.Escape(id), maxValue: 100));
                _bars[id] = bar;
            }
            if (!bar!.Running) return;
            if (message is not null) bar.Message = message;
            if (progress is { } p) bar.Bar.Value = Math.Clamp(p, 0, 100);
            if (state == TaskState.Succeeded) bar.Bar.Value = 100;
            bool ended = state is null or TaskState.Succeeded or TaskState.Failed or TaskState.Canceled;
            string said = string.Join("  ", new[] { id, state?.ToString() ?? "Deleted", bar.Message }.Where(s => !string.IsNullOrEmpty(s)));
            bar.Bar.Description = Markup.Escape(said);
            if (ended)
            {
                bar.Bar.StopTask();
                bar.Running = false;
            }
        }
    }

    /// <summary>A bar and what it last said.</summary>
    private sealed class Entry(ProgressTask bar)
    {
        public ProgressTask Bar { get; } = bar;

        public bool Running { get; set; } = true;

        public string? Message { get; set; }
    }
}
