using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansScheduler.Api;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// The gateway's errors, all ProblemDetails (application/problem+json) whose title says what kind
/// of problem it is and whose detail names what was wrong; input errors also carry an
/// <c>errors</c> map of field → messages.
/// </summary>
internal static partial class Problems
{
    /// <summary>How many messages the detail line quotes before it refers to the errors map.</summary>
    private const int DetailMessages = 3;

    /// <summary>Invalid input: 400, or <paramref name="status"/> (413 for an oversized payload).</summary>
    public static ProblemHttpResult Invalid(string title, IReadOnlyList<ValidationError> errors, int status = StatusCodes.Status400BadRequest)
    {
        var byField = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
                            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray(), StringComparer.Ordinal);
        string detail = string.Join(" ", errors.Take(DetailMessages).Select(e => $"{e.Field}: {e.Message}"));
        if (errors.Count > DetailMessages) detail += $" (and {errors.Count - DetailMessages} more problem(s); see errors)";
        return TypedResults.Problem(new HttpValidationProblemDetails(byField) { Status = status, Title = title, Detail = detail });
    }

    /// <summary>One invalid field.</summary>
    public static ProblemHttpResult Invalid(string title, string field, string message, int status = StatusCodes.Status400BadRequest) =>
        Invalid(title, [new ValidationError(field, message)], status);

    /// <summary>
    /// 400 for a refusal a grain or the store made after the gateway's own checks, which only the cluster can make
    /// (a routing cost above every silo's capacity, a queue's default routing that fans out in a batch): under the
    /// field its message starts with (<c>routing.cost …</c>, <c>tasks[2].routing.strategy …</c>), else under
    /// <paramref name="fallbackField"/>.
    /// </summary>
    public static ProblemHttpResult Refused(string title, string fallbackField, ArgumentException refusal)
    {
        string suffix = $" (Parameter '{refusal.ParamName}')";
        string message = refusal.ParamName is not null && refusal.Message.EndsWith(suffix, StringComparison.Ordinal) ? refusal.Message[..^suffix.Length] : refusal.Message;
        var field = LeadingField().Match(message);
        return field.Success ? Invalid(title, field.Groups[1].Value, message) : Invalid(title, fallbackField, refusal.Message);
    }

    /// <summary>404: no task has the id.</summary>
    public static ProblemHttpResult TaskNotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found.",
            detail: $"There is no task with id '{id}'.", extensions: new Dictionary<string, object?> { ["taskId"] = id });

    /// <summary>404: no task was ever submitted to the queue, and it was never paused or given limits or a routing.</summary>
    public static ProblemHttpResult QueueNotFound(string queue) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Queue not found.",
            detail: $"There is no queue '{queue}': no task was submitted to it and it was never paused or given limits or a routing; GET /api/queues lists the queues.",
            extensions: new Dictionary<string, object?> { ["queue"] = queue });

    /// <summary>404: the queue exists but has no default routing (its tasks without one are shared pull).</summary>
    public static ProblemHttpResult NoQueueRouting(string queue) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The queue has no default routing.",
            detail: $"Queue '{queue}' has no default routing: its tasks submitted without one are shared pull. PUT /api/queues/{queue}/routing sets one.",
            extensions: new Dictionary<string, object?> { ["queue"] = queue });

    /// <summary>409: the task's state does not allow the operation; names the queue, task, current state and the states it needs.</summary>
    public static ProblemHttpResult StateConflict(TaskStateConflictException conflict) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The task's state does not allow {conflict.Operation}.",
            detail: conflict.Message,
            extensions: new Dictionary<string, object?>
            {
                ["queue"] = conflict.Queue,
                ["taskId"] = conflict.TaskId,
                ["operation"] = conflict.Operation,
                // Not "status": ProblemDetails already uses that name for the HTTP status code.
                ["taskStatus"] = conflict.Actual.ToString(),
                ["allowedStatuses"] = conflict.Expected.Select(s => s.ToString()).ToArray(),
            });

    /// <summary>409: a client-chosen id is taken; <paramref name="field"/> is where the request gave it.</summary>
    public static ProblemHttpResult IdTaken(TaskAlreadyExistsException taken, string field) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"id '{taken.TaskId}' is already taken (in queue '{taken.Queue}')."] })
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The task id is already taken.",
            Detail = $"{field}: {taken.Message}",
        });

    /// <summary>
    /// 409: the idempotency key is known in the queue for a task of a different type or payload;
    /// names the queue, the key and the existing task. <paramref name="field"/> is where the request gave the key.
    /// </summary>
    public static ProblemHttpResult IdempotencyConflict(IdempotencyConflictException conflict, string field) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [$"idempotencyKey '{conflict.Key}' in queue '{conflict.Queue}' belongs to task '{conflict.ExistingTaskId}', submitted with a different type or payload."],
        })
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The idempotency key belongs to a different task.",
            Detail = $"{field}: {conflict.Message}",
            Extensions =
            {
                ["queue"] = conflict.Queue,
                ["idempotencyKey"] = conflict.Key,
                ["existingTaskId"] = conflict.ExistingTaskId,
            },
        });

    /// <summary>404; when <paramref name="id"/> is a silo's name rather than its address, the detail says which addresses it has.</summary>
    public static ProblemHttpResult SiloNotFound(string id, IReadOnlyList<SiloInfo> silos)
    {
        var named = silos.Where(s => s.Name == id).Select(s => $"{s.Id} ({s.Status})").ToList();
        string detail = named.Count == 0
            ? $"There is no silo '{id}' in the cluster's membership; GET /api/silos lists them."
            : $"There is no silo '{id}': that is a silo name, and silos are named by address (SiloAddress.ToParsableString()). Its silos: {string.Join(", ", named)}.";
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Silo not found.", detail: detail,
            extensions: new Dictionary<string, object?> { ["siloId"] = id });
    }

    /// <summary>409 naming the silo's state: only an Active silo can drain.</summary>
    public static ProblemHttpResult SiloNotDrainable(SiloInfo silo) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The silo's state does not allow a drain.",
            detail: $"Silo '{silo.Id}' ({silo.Name}) is {silo.Status}; only an {SiloState.Active} silo can be asked to drain"
                    + (silo.Status == SiloState.Dead ? " (a dead silo's running tasks were requeued by failover)." : " (it is leaving already)."),
            extensions: new Dictionary<string, object?>
            {
                ["siloId"] = silo.Id,
                // Not "status": ProblemDetails already uses that name for the HTTP status code.
                ["siloStatus"] = silo.Status.ToString(),
            });

    /// <summary>
    /// The 404, 405 and 415 that routing answers by itself (no endpoint, wrong method, a body type
    /// the endpoint's <c>Accepts</c> metadata excludes) get a detail naming the request, like the
    /// gateway's own problems.
    /// </summary>
    public static void DescribeRoutingProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null) return;
        var request = context.HttpContext.Request;
        switch (problem.Status)
        {
            case StatusCodes.Status404NotFound when context.HttpContext.GetEndpoint() is null:
                problem.Detail = $"No endpoint serves {request.Method} {request.Path}; see /openapi/v1.json for the API.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.Detail = $"{request.Path} does not accept {request.Method}; see /openapi/v1.json for the API.";
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                string message = JsonBodyReader.ContentTypeProblem(request.ContentType) ?? $"Content-Type '{Text.Clip(request.ContentType)}' is not supported here.";
                problem.Detail = $"{JsonBodyReader.ContentTypeField}: {message}";
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [JsonBodyReader.ContentTypeField] = [message] };
                break;
        }
    }

    [GeneratedRegex(@"^((?:(?:tasks|children)\[\d+\]\.|join\.)?routing\.[A-Za-z]+) ")]
    private static partial Regex LeadingField();
}
