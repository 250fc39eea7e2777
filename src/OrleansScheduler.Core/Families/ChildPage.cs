namespace OrleansScheduler.Families;

/// <summary>A page of a parent's children in spawn order.</summary>
/// <param name="Children">The children from the asked position on; a child deleted on request is left out.</param>
/// <param name="Total">How many children the parent has in all.</param>
public sealed record ChildPage(IReadOnlyList<ChildTask> Children, int Total);
