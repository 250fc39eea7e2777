namespace OrleansScheduler.Silo.Demo;

/// <summary>The map-reduce demo's size: the sum of squares of 1..N in chunks of C, one child task per chunk.</summary>
internal sealed record MapReduceOptions
{
    /// <summary>The last number squared. Default: 1,000,000.</summary>
    public long N { get; init; } = 1_000_000;

    /// <summary>How many numbers one child squares. Default: 10,000 (so 100 children).</summary>
    public long Chunk { get; init; } = 10_000;

    /// <summary>The queue the parent and its children go to; the silo must serve it. Default: <c>default</c>.</summary>
    public string Queue { get; init; } = "default";

    /// <summary>When to give up waiting for the result. Default: 120 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);
}
