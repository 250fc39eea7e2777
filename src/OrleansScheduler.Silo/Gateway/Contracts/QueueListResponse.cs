namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The queues tasks were submitted to, and those of them paused now, sorted. An object rather than a bare array so fields can be added.</summary>
internal sealed record QueueListResponse(IReadOnlyList<string> Queues, IReadOnlyList<string> Paused);
