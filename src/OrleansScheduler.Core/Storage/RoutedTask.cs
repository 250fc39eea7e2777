using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>A Pending task routed to one silo (or waiting for one), as the router reads it to route it again.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="Routing">Its routing.</param>
/// <param name="RoutedTo">The silo it waits for, or <see cref="TaskRouting.NoSilo"/>.</param>
/// <param name="Since">When it began waiting there.</param>
/// <param name="CreatedAt">When it was submitted.</param>
public sealed record RoutedTask(string Id, string Queue, TaskRouting Routing, string RoutedTo, DateTimeOffset Since, DateTimeOffset CreatedAt);
