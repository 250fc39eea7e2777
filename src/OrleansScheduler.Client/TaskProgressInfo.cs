namespace OrleansScheduler.Client;

/// <summary>A task's state and the latest progress its handler reported.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">Its current state.</param>
/// <param name="Progress">The latest percentage reported (0–100); null before any report.</param>
/// <param name="Message">The latest report's message.</param>
public sealed record TaskProgressInfo(string TaskId, TaskState Status, int? Progress, string? Message);
