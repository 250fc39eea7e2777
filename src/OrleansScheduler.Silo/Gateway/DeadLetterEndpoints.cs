using Microsoft.AspNetCore.Http.Features;
using OrleansScheduler.Api;
using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// <c>/api/queues/{name}/dead-letter</c>: a queue's Failed tasks (attempts exhausted or a
/// non-retryable error) with their last error, and retrying them. The dead-letter set is not a
/// separate store: it is the queue's tasks in state Failed, paged like the task list.
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

    private static async Task<IResult> ListAsync(string name, HttpRequest request, ITaskStore store, CancellationToken cancellationToken)
    {
        if (QueueEndpoints.InvalidQueue(name) is { } refusal) return refusal;
        var (query, errors) = TaskQueryParser.ParseDeadLetter(request.Query, name);
        if (query is null) return Problems.Invalid("The dead-letter query is invalid.", errors);
        var page = await store.ListAsync(query, cancellationToken);
        return TypedResults.Ok(page.ToInfo());
    }

    private static async Task<IResult> RetryAsync(string name, HttpRequest request, ITaskStore store, CancellationToken cancellationToken)
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

        var retried = new List<string>();
        var skipped = new List<SkippedTask>();
        if (ids is null) await RetryAllAsync(name, store, retried, skipped, cancellationToken);
        else
        {
            foreach (string id in ids)
            {
                var task = await store.GetAsync(id, cancellationToken);
                if (task is null) skipped.Add(NotFound(id));
                else if (task.Queue != name)
                    skipped.Add(new SkippedTask(id, SkipReason.OtherQueue, $"Task '{id}' is in queue '{task.Queue}', not '{name}'.", task.Queue, task.Status));
                else if (task.Status != TaskState.Failed) skipped.Add(NotFailed(id, task.Queue, task.Status));
                else await RetryOneAsync(id, name, store, retried, skipped, cancellationToken);
            }
        }
        return TypedResults.Ok(new DeadLetterRetryResult(retried, retried.Count, skipped));
    }

    /// <summary>
    /// Pages through the queue's Failed tasks and retries each. The cursor moves on by task id, so a
    /// retried task that fails again while this runs is not met a second time.
    /// </summary>
    private static async Task RetryAllAsync(string queue, ITaskStore store, List<string> retried, List<SkippedTask> skipped, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new TaskQuery { Queue = queue, Status = TaskState.Failed, Limit = TaskQuery.MaxLimit, Cursor = cursor }, cancellationToken);
            foreach (var task in page.Tasks) await RetryOneAsync(task.Id, queue, store, retried, skipped, cancellationToken);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Retries a task just seen Failed in <paramref name="queue"/>; one that changed meanwhile is reported, not fatal.</summary>
    private static async Task RetryOneAsync(string id, string queue, ITaskStore store, List<string> retried, List<SkippedTask> skipped, CancellationToken cancellationToken)
    {
        try
        {
            await store.RetryAsync(id, cancellationToken);
            retried.Add(id);
        }
        catch (TaskNotFoundException)
        {
            skipped.Add(NotFound(id));
        }
        catch (TaskStateConflictException conflict)
        {
            skipped.Add(NotFailed(id, queue, conflict.Actual));
        }
    }

    private static SkippedTask NotFound(string id) =>
        new(id, SkipReason.NotFound, $"There is no task with id '{id}'.", null, null);

    private static SkippedTask NotFailed(string id, string queue, TaskState status) =>
        new(id, SkipReason.NotFailed, $"Task '{id}' in queue '{queue}' is {status}; only {TaskState.Failed} tasks are dead letters.", queue, status);

    /// <summary>
    /// True when the request carries a body to read. An empty POST (Content-Length: 0, or no length
    /// and a transport that says there can be none) means "every Failed task".
    /// </summary>
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0
        || request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true };
}
