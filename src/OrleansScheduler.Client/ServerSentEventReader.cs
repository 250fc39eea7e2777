using System.Runtime.CompilerServices;
using System.Text;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>
/// Parses a <c>text/event-stream</c> as the HTML standard's EventSource does: lines end with CR, LF
/// or CRLF; a blank line dispatches the event gathered so far (when it has data); lines starting
/// with ':' are comments (the gateway's keep-alives); one space after a field's colon is dropped;
/// an event cut off by the end of the stream is discarded.
/// </summary>
internal static class ServerSentEventReader
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? id = null, type = null;
        var data = new StringBuilder();
        bool hasData = false;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData) yield return new ServerSentEvent(id, type ?? "message", data.ToString());
                type = null;
                data.Clear();
                hasData = false;
                continue;
            }
            if (line[0] == ':') continue;
            int colon = line.IndexOf(':');
            string field = colon < 0 ? line : line[..colon];
            string value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            switch (field)
            {
                case "id" when !value.Contains('\0'):
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    if (hasData) data.Append('\n');
                    data.Append(value);
                    hasData = true;
                    break;
            }
        }
    }
}
