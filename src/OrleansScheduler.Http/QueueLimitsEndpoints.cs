using OrleansScheduler.Grains;
using OrleansScheduler.Http.Contracts;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/queues/{name}/limits</c>: a queue's cluster-wide limits (most Running at once, most
/// starts per second) and how long its finished tasks are kept. The claim on every silo obeys them
/// from its next claim on.
/// </summary>
internal static class QueueLimitsEndpoints
{
    /// <summary>Maps the routes under the <c>/queues</c> group.</summary>
    public static RouteGroupBuilder MapQueueLimitsEndpoints(this RouteGroupBuilder queues)
    {
        queues.MapGet("/{name}/limits", GetAsync).WithName("GetQueueLimits")
              .WithSummary("The queue's limits; null fields mean no limit (retention: the default, 24 h).")
              .Produces<QueueLimitsResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        queues.MapPut("/{name}/limits", PutAsync).WithName("SetQueueLimits")
              .WithSummary("Replaces the queue's limits as a whole (a field left out or null: no limit, default retention; {} clears them) and answers them as stored. Creates the queue when it has none yet.")
              .Accepts<QueueLimitsBody>("application/json")
              .Produces<QueueLimitsResponse>().ProducesValidationProblem()
              .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return queues;
    }

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        if (await QueueEndpoints.UnknownQueueAsync(name, grains) is { } unknown) return unknown;
        return TypedResults.Ok(QueueLimitsResponse.From(name, await grains.GetGrain<IQueueGrain>(name).GetLimitsAsync()));
    }

    private static async Task<IResult> PutAsync(string name, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        var (document, problem) = await JsonBodyReader.ReadAsync(request, QueueLimitsParser.MaxBodyBytes, cancellationToken);
        if (problem is not null) return problem;
        QueueLimits? limits;
        using (document)
        {
            (limits, var errors) = QueueLimitsParser.Parse(document!.RootElement);
            if (limits is null) return Problems.Invalid("The queue limits are invalid.", errors);
        }
        try
        {
            return TypedResults.Ok(QueueLimitsResponse.From(name, await grains.GetGrain<IQueueGrain>(name).SetLimitsAsync(limits)));
        }
        catch (ArgumentException invalid)
        {
            // The store re-checks the limits; should its rules ever be stricter than ours, say so as a 400.
            return Problems.Invalid("The queue limits are invalid.", "body", invalid.Message);
        }
    }
}
