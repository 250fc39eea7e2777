namespace OrleansScheduler.Bench;

/// <summary>One command's line of INFO commandstats: calls and the µs they took in all.</summary>
public readonly record struct CommandCount(long Calls, long Micros);
