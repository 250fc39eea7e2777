namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A queue and whether it is paused now.</summary>
internal sealed record QueuePauseResponse(string Queue, bool Paused);
