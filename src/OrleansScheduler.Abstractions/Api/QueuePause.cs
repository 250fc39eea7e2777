namespace OrleansScheduler.Api;

/// <summary>The answer of <c>POST /api/queues/{name}/pause</c> and <c>/resume</c>.</summary>
/// <param name="Queue">The queue.</param>
/// <param name="Paused">Whether it is paused now.</param>
[GenerateSerializer, Alias("OrleansScheduler.QueuePause")]
public sealed record QueuePause([property: Id(0)] string Queue, [property: Id(1)] bool Paused);
