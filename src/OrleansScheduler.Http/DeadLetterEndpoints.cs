using Microsoft.AspNetCore.Http.Features;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/queues/{name}/dead-letter</c>: a queue's Failed tasks (attempts exhausted or a
/// non-retryable error) with their last error, and retrying them (the queue grain does). The
/// dead-letter set is not a separate store: it is the queue's tasks in state Failed, paged like the task list.
/// </summary>
internal static class DeadLetterEndpoints
{
    /// <summary>Maps the routes under the <c>/queues</c> group.</summary>
    public static RouteGroupBuilder MapDeadLetterEndpoints(this RouteGroupBuilder queues)
    {
        queues.MapGet("/{name}/dead-letter", ListAsync).WithName("ListDeadLetter")
              .WithSummary("The queue's Failed tasks with their last error, in id (creation) order, a page at a time.")
              .Produces<TaskPageInfo>().ProducesValidationProblem()
              .AddOpenApiOperationTransformer(TaskQueryParser.DescribeParameters(TaskQueryParser.DeadLetterParameters));
        queues.MapPost("/{name}/dead-letter/retry", RetryAsync).WithName("RetryDeadLetter")
              .WithSummary("Retry Failed tasks of the queue: the ids given, or without a body (or with {}) every Failed task. Ids that are not Failed tasks of the queue are reported in skipped, not refused.")
              .Accepts<DeadLetterRetryRequest>(isOptional: true, "application/json")
              .Produces<DeadLetterRetryResult>().ProducesValidationProblem()
              .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return queues;
    }

    private static async Task<IResult> ListAsync(string name, HttpRequest request, IGrainFactory grains)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        var (query, errors) = TaskQueryParser.ParseDeadLetter(request.Query, name);
        if (query is null) return Problems.Invalid("The dead-letter query is invalid.", errors);
        return TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).ListTasksAsync(query));
    }

    private static async Task<IResult> RetryAsync(string name, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        IReadOnlyList<string>? ids = null;
        if (HasBody(request))
        {
            var (document, problem) = await JsonBodyReader.ReadAsync(request, GatewayLimits.DeadLetterRetryBodyBytes, cancellationToken);
            if (problem is not null) return problem;
            using (document)
            {
                (ids, var errors) = DeadLetterRetryParser.Parse(document!.RootElement);
                if (errors.Count > 0) return Problems.Invalid("The dead-letter retry request is invalid.", errors);
            }
        }
        return TypedResults.Ok(await grains.GetGrain<IQueueGrain>(name).RetryDeadLettersAsync(ids));
    }

    /// <summary>
    /// True when the request carries a body to read. An empty POST (Content-Length: 0, or no length
    /// and a transport that says there can be none) means "every Failed task".
    /// </summary>
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0
        || request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true };
}
