namespace OrleansScheduler.Silo.Gateway.Contracts;

// Documents the body for OpenAPI only, like SubmitTaskBody.

/// <summary>Tasks to store all or nothing: 1 to 1000 of them.</summary>
/// <param name="Tasks">The tasks, answered with their ids in this order.</param>
internal sealed record SubmitBatchBody(IReadOnlyList<SubmitTaskBody> Tasks);
