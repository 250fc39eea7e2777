using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/queues/{name}/routing</c>: the routing a queue gives the tasks submitted to it without one
/// (docs/routing.md#queue-defaults). The body and the answers are one routing object, as a task's
/// <c>routing</c> field takes it; tasks already submitted keep the routing they have.
/// </summary>
internal static class QueueRoutingEndpoints
{
    /// <summary>Maps the routes under the <c>/queues</c> group.</summary>
    public static RouteGroupBuilder MapQueueRoutingEndpoints(this RouteGroupBuilder queues)
    {
        queues.MapGet("/{name}/routing", GetAsync).WithName("GetQueueRouting")
              .WithSummary("The queue's default routing; 404 when the queue is unknown or has none (its tasks without a routing are shared pull).")
              .Produces<TaskRouting>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        queues.MapPut("/{name}/routing", PutAsync).WithName("SetQueueRouting")
              .WithSummary("Sets the routing given to the queue's tasks submitted without one (a routing object, as a task's routing field) and answers it as stored. Creates the queue when it has none yet.")
              .Accepts<TaskRouting>("application/json")
              .Produces<TaskRouting>().ProducesValidationProblem()
              .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        queues.MapDelete("/{name}/routing", DeleteAsync).WithName("ClearQueueRouting")
              .WithSummary("Removes the queue's default routing: its tasks submitted without one are shared pull again. 204, also when it had none; 404 for an unknown queue.")
              .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return queues;
    }

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        if (await QueueEndpoints.UnknownQueueAsync(name, grains) is { } unknown) return unknown;
        var routing = await grains.GetGrain<IQueueGrain>(name).GetRoutingAsync();
        return routing is null ? Problems.NoQueueRouting(name) : TypedResults.Ok(routing);
    }

    private static async Task<IResult> PutAsync(string name, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        var (document, problem) = await JsonBodyReader.ReadAsync(request, GatewayLimits.EnvelopeBytes, cancellationToken);
        if (problem is not null) return problem;
        var errors = new List<ValidationError>();
        TaskRouting? routing;
        using (document)
        {
            routing = RoutingRequestParser.Parse(document!.RootElement, "", errors);
        }
        if (routing is not null)
        {
            var invalid = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
            errors.AddRange(TaskRoutingValidator.Validate(routing, prefix: "").Where(e => !invalid.Contains(e.Field)));
        }
        if (errors.Count > 0 || routing is null) return Problems.Invalid("The queue routing is invalid.", errors);
        try
        {
            return TypedResults.Ok(await grains.GetGrain<IQueueGrain>(name).SetRoutingAsync(routing));
        }
        catch (ArgumentException invalid)
        {
            // The store re-checks the routing; should its rules ever be stricter than ours, say so as a 400.
            return Problems.Invalid("The queue routing is invalid.", "body", invalid.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(string name, IGrainFactory grains)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        if (await QueueEndpoints.UnknownQueueAsync(name, grains) is { } unknown) return unknown;
        await grains.GetGrain<IQueueGrain>(name).SetRoutingAsync(null);
        return TypedResults.NoContent();
    }
}
