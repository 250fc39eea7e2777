namespace OrleansScheduler.Api;

/// <summary>A page of a parent's children in spawn order (<c>GET /api/tasks/{id}/children?start=&amp;limit=</c>).</summary>
/// <param name="Children">The children from <c>start</c> on.</param>
/// <param name="Total">How many children the parent has.</param>
/// <param name="Next">The <c>start</c> of the next page; null after the last.</param>
[GenerateSerializer, Alias("OrleansScheduler.ChildPageInfo")]
public sealed record ChildPageInfo([property: Id(0)] IReadOnlyList<ChildTaskInfo> Children, [property: Id(1)] int Total, [property: Id(2)] int? Next);
