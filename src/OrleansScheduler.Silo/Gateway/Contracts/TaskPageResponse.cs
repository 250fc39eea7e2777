namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>One page of a listing; <see cref="NextCursor"/> fetches the next (null on the last page).</summary>
internal sealed record TaskPageResponse(IReadOnlyList<TaskResponse> Tasks, string? NextCursor);
