namespace OrleansScheduler.Silo.Demo;

/// <summary>How big the demo workload is and how long it may take.</summary>
internal sealed record DemoOptions
{
    /// <summary>Tasks to submit. Default: 300.</summary>
    public int Tasks { get; init; } = 300;

    /// <summary>The queue the tasks go to; the silo must serve it. Default: <c>default</c>.</summary>
    public string Queue { get; init; } = "default";

    /// <summary>Tasks per batch submission.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>How often a progress line is printed. Default: 500 ms.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>When to give up waiting for every task to finish. Default: 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seeds the mix of task types, priorities and delays, so runs are alike.</summary>
    public int Seed { get; init; } = 2026;
}
