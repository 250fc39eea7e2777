using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OrleansScheduler.Hosting;
using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// <c>/api/tasks</c>: submit, submit a batch, get, list and cancel. Input is checked in full
/// before the store is touched, so a refused request changes nothing.
/// </summary>
internal static class TaskEndpoints
{
    /// <summary>Maps the task routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapTaskEndpoints(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("", SubmitAsync).WithName("SubmitTask")
             .Accepts<SubmitTaskBody>("application/json")
             .Produces<SubmittedTaskResponse>(StatusCodes.Status201Created)
             .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
             .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        tasks.MapPost("/batch", SubmitBatchAsync).WithName("SubmitTaskBatch")
             .Accepts<SubmitBatchBody>("application/json")
             .Produces<SubmittedBatchResponse>(StatusCodes.Status201Created)
             .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
             .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        tasks.MapGet("", ListAsync).WithName("ListTasks")
             .Produces<TaskPageResponse>().ProducesValidationProblem()
             .AddOpenApiOperationTransformer((operation, _, _) =>
             {
                 // The query is parsed by hand (to refuse unknown parameters), so describe it here.
                 operation.Parameters ??= [];
                 foreach (string name in TaskQueryParser.Parameters)
                     operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = name == "limit" ? JsonSchemaType.Integer : JsonSchemaType.String } });
                 return Task.CompletedTask;
             });
        tasks.MapGet("/{id}", GetAsync).WithName("GetTask")
             .Produces<TaskResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPost("/{id}/cancel", CancelAsync).WithName("CancelTask")
             .Produces<TaskResponse>().ProducesValidationProblem()
             .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ITaskStore store, TimeProvider clock, IOptions<SchedulerOptions> options, CancellationToken cancellationToken)
    {
        int maxPayload = options.Value.MaxPayloadBytes;
        var (document, problem) = await JsonBodyReader.ReadAsync(request, GatewayLimits.SingleBody(maxPayload), cancellationToken);
        if (problem is not null) return problem;
        using (document)
        {
            var now = clock.GetUtcNow();
            var parsed = new TaskRequestParser(now, maxPayload).ParseOne(document!.RootElement);
            if (Refuse(parsed) is { } refusal) return refusal;
            var task = parsed.Tasks[0];
            try
            {
                string id = (await store.SubmitAsync(parsed.Tasks, cancellationToken))[0];
                var status = task.RunAt > now ? TaskState.Scheduled : TaskState.Pending;
                return TypedResults.Created(Location(id), new SubmittedTaskResponse(id, status));
            }
            catch (TaskAlreadyExistsException taken)
            {
                return Problems.IdTaken(taken, "id");
            }
            catch (ArgumentException invalid)
            {
                // The store re-checks submissions; should its rules ever be stricter than ours, say so as a 400.
                return Problems.Invalid("The task is invalid.", "body", invalid.Message);
            }
        }
    }

    private static async Task<IResult> SubmitBatchAsync(HttpRequest request, ITaskStore store, TimeProvider clock, IOptions<SchedulerOptions> options, CancellationToken cancellationToken)
    {
        int maxPayload = options.Value.MaxPayloadBytes;
        var (document, problem) = await JsonBodyReader.ReadAsync(request, GatewayLimits.BatchBody(maxPayload), cancellationToken);
        if (problem is not null) return problem;
        using (document)
        {
            var parsed = new TaskRequestParser(clock.GetUtcNow(), maxPayload).ParseBatch(document!.RootElement);
            if (Refuse(parsed) is { } refusal) return refusal;
            try
            {
                var ids = await store.SubmitAsync(parsed.Tasks, cancellationToken);
                return TypedResults.Created((string?)null, new SubmittedBatchResponse(ids));
            }
            catch (TaskAlreadyExistsException taken)
            {
                int index = parsed.Tasks.ToList().FindIndex(t => t.Id == taken.TaskId);
                return Problems.IdTaken(taken, index < 0 ? "tasks" : $"tasks[{index}].id");
            }
            catch (ArgumentException invalid)
            {
                return Problems.Invalid("The batch is invalid.", "tasks", invalid.Message);
            }
        }
    }

    private static async Task<IResult> GetAsync(string id, ITaskStore store, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } refusal) return refusal;
        var task = await store.GetAsync(id, cancellationToken);
        return task is null ? Problems.TaskNotFound(id) : TypedResults.Ok(TaskResponse.From(task));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ITaskStore store, CancellationToken cancellationToken)
    {
        var (query, errors) = TaskQueryParser.Parse(request.Query);
        if (query is null) return Problems.Invalid("The task query is invalid.", errors);
        var page = await store.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new TaskPageResponse([.. page.Tasks.Select(TaskResponse.From)], page.NextCursor));
    }

    private static async Task<IResult> CancelAsync(string id, ITaskStore store, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } refusal) return refusal;
        try
        {
            return TypedResults.Ok(TaskResponse.From(await store.CancelAsync(id, cancellationToken)));
        }
        catch (TaskNotFoundException)
        {
            return Problems.TaskNotFound(id);
        }
        catch (TaskStateConflictException conflict)
        {
            return Problems.StateConflict(conflict);
        }
    }

    private static IResult? Refuse(ParsedTasks parsed)
    {
        if (parsed.IsValid) return null;
        return parsed.PayloadTooLarge
            ? Problems.Invalid("The payload is too large.", parsed.Errors, StatusCodes.Status413PayloadTooLarge)
            : Problems.Invalid("The task request is invalid.", parsed.Errors);
    }

    private static IResult? InvalidId(string id) => TaskLimits.IsValidId(id)
        ? null
        : Problems.Invalid("The task id is invalid.", "id", $"id '{Text.Clip(id)}' must match {TaskLimits.IdPattern}.");

    private static string Location(string id) => "/api/tasks/" + Uri.EscapeDataString(id);
}
