namespace OrleansScheduler.Alerts;

/// <summary>What an alert rule watches.</summary>
public enum AlertKind
{
    /// <summary>A task of the rule's queue (any queue when it names none) ended Failed: dead-lettered. One alert per task.</summary>
    TaskFailed,
    /// <summary>The queue's oldest Pending task has waited longer than <see cref="AlertRule.OlderThanMs"/>, for longer than <see cref="AlertRule.ForMs"/>.</summary>
    OldestPending,
    /// <summary>The queue holds more than <see cref="AlertRule.Depth"/> Pending tasks, for longer than <see cref="AlertRule.ForMs"/>.</summary>
    QueueDepth,
    /// <summary>Orleans' membership declared a silo Dead. One alert per silo (an address is unique per start).</summary>
    SiloDead,
    /// <summary>An enabled cron schedule's tick is overdue by more than <see cref="AlertRule.GraceMs"/>. One alert per tick.</summary>
    CronMissed,
}
