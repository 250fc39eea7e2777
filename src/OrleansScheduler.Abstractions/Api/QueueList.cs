namespace OrleansScheduler.Api;

/// <summary>The answer of <c>GET /api/queues</c>.</summary>
/// <param name="Queues">Every queue a task was ever submitted to (or that was paused or given limits), sorted.</param>
/// <param name="Paused">Those paused now, sorted.</param>
/// <param name="Stats">Each queue's stats, in the order of <paramref name="Queues"/>.</param>
[GenerateSerializer, Alias("OrleansScheduler.QueueList")]
public sealed record QueueList([property: Id(0)] IReadOnlyList<string> Queues, [property: Id(1)] IReadOnlyList<string> Paused, [property: Id(2)] IReadOnlyList<QueueInfo> Stats);
