using System.Globalization;
using System.Text.RegularExpressions;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// One queue's event stream in the in-memory store, shaped like the Redis stream: ids
/// <c>&lt;ms&gt;-&lt;seq&gt;</c> from the store's clock that never go backwards, and only the newest
/// <see cref="HistoryLimits.EventStreamLength"/> events kept. Only touched under the store's lock.
/// </summary>
internal sealed partial class QueueEventLog(int length)
{
    /// <summary>Trimmed events are dropped from the list in chunks of at least this many, so trimming stays cheap.</summary>
    private const int CompactAfter = 1024;

    private readonly List<(EventId Id, TaskEvent Event)> _events = [];
    private int _start; // events before this index are trimmed
    private EventId _last = new(0, -1);

    /// <summary>Appends <paramref name="e"/> with the next id, unless events are off.</summary>
    public void Append(TaskEvent e, DateTimeOffset now)
    {
        if (length <= 0) return;
        long ms = now.ToUnixTimeMilliseconds();
        _last = ms > _last.Ms ? new EventId(ms, 0) : _last with { Seq = _last.Seq + 1 };
        _events.Add((_last, e with { Id = _last.ToString() }));
        if (_events.Count - _start > length) _start++;
        if (_start >= Math.Max(CompactAfter, length))
        {
            _events.RemoveRange(0, _start);
            _start = 0;
        }
    }

    /// <summary>Up to <paramref name="max"/> kept events after <paramref name="after"/> (null: from the oldest), oldest first.</summary>
    public IReadOnlyList<TaskEvent> Read(EventId? after, int max)
    {
        int from = after is { } id ? FirstAfter(id) : _start;
        int count = Math.Min(max, _events.Count - from);
        var page = new TaskEvent[count];
        for (int i = 0; i < count; i++) page[i] = _events[from + i].Event;
        return page;
    }

    /// <summary>The kept events of one task, oldest first.</summary>
    public IReadOnlyList<TaskEvent> OfTask(string taskId)
    {
        var events = new List<TaskEvent>();
        for (int i = _start; i < _events.Count; i++)
            if (_events[i].Event.TaskId == taskId) events.Add(_events[i].Event);
        return events;
    }

    /// <summary>Parses a position a reader gives: <c>ms-seq</c>, or <c>ms</c> meaning <c>ms-0</c> as in Redis.</summary>
    /// <exception cref="ArgumentException">It is neither.</exception>
    public static EventId ParseAfter(string after)
    {
        var match = EventIdRegex().Match(after);
        if (!match.Success
            || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            || !long.TryParse(match.Groups[2].Success ? match.Groups[2].Value : "0", NumberStyles.None, CultureInfo.InvariantCulture, out long seq))
            throw new ArgumentException($"An event id must look like <ms>-<seq> or <ms> (was '{after}').", nameof(after));
        return new EventId(ms, seq);
    }

    private int FirstAfter(EventId after)
    {
        int lo = _start, hi = _events.Count;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (_events[mid].Id.CompareTo(after) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    [GeneratedRegex("^([0-9]+)(?:-([0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex EventIdRegex();

    /// <summary>A stream position, ordered by milliseconds then sequence.</summary>
    public readonly record struct EventId(long Ms, long Seq) : IComparable<EventId>
    {
        public int CompareTo(EventId other) => Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

        public override string ToString() => $"{Ms.ToString(CultureInfo.InvariantCulture)}-{Seq.ToString(CultureInfo.InvariantCulture)}";
    }
}
