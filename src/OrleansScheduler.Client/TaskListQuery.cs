using OrleansScheduler.Api;
using OrleansScheduler.Tasks;
namespace OrleansScheduler.Client;

/// <summary>A filter and page position for <see cref="SchedulerClient.ListAsync"/>; null means "any" or the gateway's default.</summary>
public sealed record TaskListQuery
{
    /// <summary>Only this queue.</summary>
    public string? Queue { get; init; }
    /// <summary>Only tasks in this state.</summary>
    public TaskState? Status { get; init; }
    /// <summary>Only tasks of this type.</summary>
    public string? Type { get; init; }
    /// <summary>Most tasks in the page (1–1000; the gateway's default is 100).</summary>
    public int? Limit { get; init; }
    /// <summary>The previous page's <see cref="TaskPageInfo.NextCursor"/>.</summary>
    public string? Cursor { get; init; }
}
