using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>A filter and a page position for a task listing (the store's <c>ListAsync</c>).</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskQuery")]
public sealed record TaskQuery
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only this queue; null for all queues (in queue-name order).</summary>
    [Id(0)] public string? Queue { get; init; }
    /// <summary>Only tasks in this state.</summary>
    [Id(1)] public TaskState? Status { get; init; }
    /// <summary>Only tasks of this type.</summary>
    [Id(2)] public string? Type { get; init; }
    /// <summary>Most tasks in the page (1–1000).</summary>
    [Id(3)] public int Limit { get; init; } = 100;
    /// <summary>The <c>NextCursor</c> of the previous page, or null for the first.</summary>
    [Id(4)] public string? Cursor { get; init; }

    /// <summary>Checks the query both stores share and decodes its cursor (null for the first page).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1–1000.</exception>
    /// <exception cref="ArgumentException">The cursor was not made by a store.</exception>
    public TaskCursor? Validate()
    {
        if (Limit is < 1 or > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"limit must be between 1 and {MaxLimit}.");
        if (Cursor is null) return null;
        return TaskCursor.TryDecode(Cursor, out var cursor)
            ? cursor
            : throw new ArgumentException($"cursor '{Cursor}' was not returned by a task listing.", nameof(Cursor));
    }
}
