using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>A task's state and the latest progress its handler reported.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">Its current state.</param>
/// <param name="Progress">The latest percentage reported (0–100); null before any report.</param>
/// <param name="Message">The latest report's message.</param>
[GenerateSerializer, Alias("OrleansScheduler.TaskProgressInfo")]
public sealed record TaskProgressInfo([property: Id(0)] string TaskId, [property: Id(1)] TaskState Status, [property: Id(2)] int? Progress, [property: Id(3)] string? Message);
