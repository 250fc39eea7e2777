using System.Diagnostics;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Telemetry;

/// <summary>
/// The scheduler's traces: the <see cref="SourceName"/> activity source, whose one activity is an attempt
/// (<c>osched.attempt &lt;type&gt;</c>, kind Consumer) continuing the trace its submitter was in; and the
/// capture of that trace at submit.
/// </summary>
public static class SchedulerTracing
{
    /// <summary>The activity source's name: the product's, as the meter's.</summary>
    public const string SourceName = SchedulerMetrics.MeterName;

    /// <summary>The source the attempts' activities come from.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// <paramref name="task"/> carrying the W3C trace context of <see cref="Activity.Current"/> (an HTTP request's,
    /// a caller's own); as it is when it has one already or there is no current W3C activity.
    /// </summary>
    public static TaskSubmission WithCurrentTrace(TaskSubmission task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.TraceParent is not null || Activity.Current is not { IdFormat: ActivityIdFormat.W3C } current) return task;
        return task with { TraceParent = current.Id, TraceState = current.TraceStateString };
    }

    /// <summary>Starts the activity of one attempt (null when nothing listens), child of the task's trace context when it has a valid one.</summary>
    public static Activity? StartAttempt(ClaimedTask task, string siloId)
    {
        ArgumentNullException.ThrowIfNull(task);
        // Not the ambient activity: an attempt belongs to its submitter's trace or to one of its own.
        Activity.Current = null;
        ActivityContext.TryParse(task.TraceParent, task.TraceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"osched.attempt {task.Type}", ActivityKind.Consumer, parent);
        if (activity is null) return null;
        activity.SetTag("osched.task.id", task.Id);
        activity.SetTag("osched.queue", task.Queue);
        activity.SetTag("osched.task.type", task.Type);
        activity.SetTag("osched.attempt", task.Attempt);
        activity.SetTag("osched.silo", siloId);
        return activity;
    }
}
