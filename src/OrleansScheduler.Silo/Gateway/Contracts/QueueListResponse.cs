namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>
/// The queues tasks were submitted to (or that were paused or given limits), those of them paused
/// now, and each one's stats, all sorted by name. An object rather than a bare array so fields can be added.
/// </summary>
/// <param name="Queues">The queue names.</param>
/// <param name="Paused">The names of the queues paused now.</param>
/// <param name="Stats">Each queue's stats, in the order of <paramref name="Queues"/>.</param>
internal sealed record QueueListResponse(IReadOnlyList<string> Queues, IReadOnlyList<string> Paused, IReadOnlyList<QueueStatsResponse> Stats);
