namespace OrleansScheduler.Client;

/// <summary>One event of a <c>text/event-stream</c>, as <see cref="ServerSentEventReader"/> dispatches it.</summary>
/// <param name="Id">The last event id the stream set (it carries over to later events that set none).</param>
/// <param name="Type">The event field, or <c>message</c> when the event had none.</param>
/// <param name="Data">The data lines joined with line feeds.</param>
internal sealed record ServerSentEvent(string? Id, string Type, string Data);
