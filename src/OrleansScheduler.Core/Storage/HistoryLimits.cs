namespace OrleansScheduler.Storage;

/// <summary>
/// How much history a store keeps beside its tasks: events per queue, log lines and attempts per
/// task. Bounded so a busy queue or a chatty handler cannot grow the store without limit.
/// </summary>
public sealed record HistoryLimits
{
    /// <summary>
    /// The defaults: 10 000 events per queue, 200 log lines of at most 2 000 characters and 100
    /// attempts per task. A new instance each time, because configuration binding sets properties
    /// on the instance it is given: a shared one would carry one silo's settings into every store.
    /// </summary>
    public static HistoryLimits Default => new();

    /// <summary>Events kept per queue; older ones are trimmed as new ones arrive. 0 turns events off. Default: 10 000.</summary>
    public int EventStreamLength { get; init; } = 10_000;

    /// <summary>Log lines kept per task: the newest. Default: 200.</summary>
    public int MaxLogLines { get; init; } = 200;

    /// <summary>Longest log line kept, in characters; longer ones are cut. Default: 2 000.</summary>
    public int MaxLogLineLength { get; init; } = 2_000;

    /// <summary>Finished attempts kept per task: the newest. Default: 100.</summary>
    public int MaxAttemptHistory { get; init; } = 100;
}
