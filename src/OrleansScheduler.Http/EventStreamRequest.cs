namespace OrleansScheduler.Http;

/// <summary>What a client asked <c>GET /api/events</c> for.</summary>
/// <param name="Queue">The queue whose events to stream.</param>
/// <param name="After">The event id to resume after (exclusive); null to start from the oldest event kept.</param>
/// <param name="AfterField">Where <paramref name="After"/> came from (<c>after</c> or <c>Last-Event-ID</c>), for error messages.</param>
internal sealed record EventStreamRequest(string Queue, string? After, string AfterField);
