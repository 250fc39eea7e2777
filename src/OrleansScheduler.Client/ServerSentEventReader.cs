using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace OrleansScheduler.Client;

/// <summary>
/// Reads a <c>text/event-stream</c> with the framework's <see cref="SseParser"/>, which parses it as the
/// HTML standard's EventSource does (CR, LF or CRLF line ends; a blank line dispatches an event that
/// has data; ':' comments such as the gateway's keep-alives skipped; one space after a field's colon
/// dropped). System.Net.ServerSentEvents is part of .NET 10's shared framework, so no package is referenced.
/// </summary>
internal static class ServerSentEventReader
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = SseParser.Create(stream);
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            // The parser's LastEventId carries an id over to later events that set none, as EventSource does.
            string? id = item.EventId ?? (parser.LastEventId.Length == 0 ? null : parser.LastEventId);
            yield return new ServerSentEvent(id, item.EventType, item.Data);
        }
    }
}
