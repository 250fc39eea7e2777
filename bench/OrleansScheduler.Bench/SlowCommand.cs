namespace OrleansScheduler.Bench;

/// <summary>One SLOWLOG entry: the command (for a script call, with the start of its sha) and how long it ran, µs.</summary>
public sealed record SlowCommand(string Command, long Micros);
