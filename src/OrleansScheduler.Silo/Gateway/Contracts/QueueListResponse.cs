namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The queues tasks were submitted to, sorted. An object rather than a bare array so fields can be added.</summary>
internal sealed record QueueListResponse(IReadOnlyList<string> Queues);
