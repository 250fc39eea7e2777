namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The answer to a batch submission: the ids in the order the tasks were given.</summary>
internal sealed record SubmittedBatchResponse(IReadOnlyList<string> Ids);
