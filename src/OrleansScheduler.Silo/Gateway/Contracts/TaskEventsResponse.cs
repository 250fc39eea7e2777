namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A task's events still in its queue's stream, oldest first.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Events">Its events, oldest first.</param>
internal sealed record TaskEventsResponse(string TaskId, IReadOnlyList<TaskEventResponse> Events);
