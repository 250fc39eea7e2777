using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A task's state and the latest progress its handler reported.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">Its current state.</param>
/// <param name="Progress">The latest percentage reported (0–100); null before any report (and after a retry on request).</param>
/// <param name="Message">The latest report's message.</param>
internal sealed record TaskProgressResponse(string TaskId, TaskState Status, int? Progress, string? Message);
