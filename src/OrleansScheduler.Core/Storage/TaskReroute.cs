namespace OrleansScheduler.Storage;

/// <summary>
/// One move of <see cref="ITaskRouting.RerouteAsync"/>: the Pending task <paramref name="Id"/>, if it still waits
/// for <paramref name="From"/>, waits for <paramref name="To"/> from now on (a silo's address or
/// <see cref="Tasks.TaskRouting.NoSilo"/>); or, with <paramref name="Error"/>, ends Failed with that error.
/// </summary>
public sealed record TaskReroute(string Id, string From, string? To, string? Error = null);
