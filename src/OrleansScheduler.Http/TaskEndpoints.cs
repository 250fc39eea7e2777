using Microsoft.Extensions.Options;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/tasks</c>: submit, submit a batch, get and list (<see cref="TaskControlEndpoints"/> has
/// cancel, pause, resume, retry and delete; <see cref="TaskHistoryEndpoints"/> logs, attempts,
/// events and progress). Input is checked in full before any grain is called, so a refused
/// request changes nothing. Submissions go to the submitter grain, reads to the task and catalog grains.
/// </summary>
/// <remarks>
/// A repeated submission with an idempotency key answers 201 with the first task's id, like the
/// first one: the store returns the id either way and cannot say without a race which it was, and
/// a client that repeats a request after losing the answer wants the same answer.
/// </remarks>
internal static class TaskEndpoints
{
    /// <summary>Maps the task routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapTaskEndpoints(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("", SubmitAsync).WithName("SubmitTask")
             .WithSummary("Submit a task, or a parent with its children ({\"join\": task, \"children\": [tasks], \"failurePolicy\": \"collect\"|\"failFast\"}). With an idempotencyKey, a repeat (same key, type and payload) answers 201 with the first task's id and its current status; a different type or payload under the key is a 409.")
             .Accepts<SubmitTaskRequest>("application/json")
             .Produces<SubmittedTask>(StatusCodes.Status201Created)
             .Produces<SubmittedParentTask>(StatusCodes.Status201Created)
             .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
             .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
             .ProducesProblem(StatusCodes.Status429TooManyRequests).RequireRateLimiting(SubmissionRateLimit.Policy);
        tasks.MapPost("/batch", SubmitBatchAsync).WithName("SubmitTaskBatch")
             .WithSummary("Submit 1 to 1000 tasks all or nothing; items with a known idempotencyKey answer the first task's id.")
             .Accepts<SubmitBatchRequest>("application/json")
             .Produces<SubmittedBatch>(StatusCodes.Status201Created)
             .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
             .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
             .ProducesProblem(StatusCodes.Status429TooManyRequests).RequireRateLimiting(SubmissionRateLimit.Policy);
        tasks.MapGet("", ListAsync).WithName("ListTasks")
             .Produces<TaskPageInfo>().ProducesValidationProblem()
             .AddOpenApiOperationTransformer(TaskQueryParser.DescribeParameters(TaskQueryParser.Parameters));
        tasks.MapGet("/{id}", GetAsync).WithName("GetTask")
             .Produces<TaskInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
             .AddOpenApiOperationTransformer(TaskQueryParser.DescribeParameters(TaskQueryParser.WaitParameters));
        tasks.MapTaskControlEndpoints();
        tasks.MapTaskHistoryEndpoints();
        return api;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, IGrainFactory grains, TimeProvider clock, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        int maxPayload = options.Value.MaxPayloadBytes;
        // A parent may come with up to 1000 children, so the body may be as large as a batch's; one task's may not.
        var (document, problem, bytes) = await JsonBodyReader.ReadSizedAsync(request, GatewayLimits.BatchBody(maxPayload), cancellationToken);
        if (problem is not null) return problem;
        using (document)
        {
            var now = clock.GetUtcNow();
            var parser = new TaskRequestParser(now, maxPayload);
            if (FamilyRequestParser.IsFamily(document!.RootElement)) return await SubmitFamilyAsync(new FamilyRequestParser(parser).Parse(document.RootElement), grains);
            if (bytes > GatewayLimits.SingleBody(maxPayload))
                return JsonBodyReader.TooLarge($"The request body is {bytes} bytes; the limit for one task is {GatewayLimits.SingleBody(maxPayload)}.");
            var parsed = parser.ParseOne(document.RootElement);
            if (Refuse(parsed) is { } refusal) return refusal;
            try
            {
                var submitted = await grains.GetGrain<ISubmitterGrain>(0).SubmitAsync(parsed.Tasks[0]);
                return TypedResults.Created(Location(submitted.Id), submitted);
            }
            catch (TaskAlreadyExistsException taken)
            {
                return Problems.IdTaken(taken, "id");
            }
            catch (IdempotencyConflictException conflict)
            {
                return Problems.IdempotencyConflict(conflict, "idempotencyKey");
            }
            catch (ArgumentException invalid)
            {
                // The store re-checks submissions; should its rules (a silo's MaxPayloadBytes, say) be stricter than ours, say so as a 400.
                // The silo refuses what only the cluster knows, such as a routing cost above every silo's capacity, the same way.
                return Problems.Refused("The task is invalid.", "body", invalid);
            }
        }
    }

    private static async Task<IResult> SubmitFamilyAsync(ParsedFamily parsed, IGrainFactory grains)
    {
        if (!parsed.IsValid)
        {
            return parsed.PayloadTooLarge
                ? Problems.Invalid("The payload is too large.", parsed.Errors, StatusCodes.Status413PayloadTooLarge)
                : Problems.Invalid("The parent and children are invalid.", parsed.Errors);
        }
        try
        {
            var submitted = await grains.GetGrain<ISubmitterGrain>(0).SubmitFamilyAsync(parsed.Join!, parsed.Children, parsed.Policy);
            return TypedResults.Created(Location(submitted.Id), submitted);
        }
        catch (TaskAlreadyExistsException taken)
        {
            return Problems.IdTaken(taken, "join.id");
        }
        catch (IdempotencyConflictException conflict)
        {
            return Problems.IdempotencyConflict(conflict, "join.idempotencyKey");
        }
        catch (ArgumentException invalid)
        {
            return Problems.Refused("The parent and children are invalid.", "body", invalid);
        }
    }

    private static async Task<IResult> SubmitBatchAsync(HttpRequest request, IGrainFactory grains, TimeProvider clock, IOptions<ApiOptions> options, CancellationToken cancellationToken)
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
                return TypedResults.Created((string?)null, await grains.GetGrain<ISubmitterGrain>(0).SubmitBatchAsync(parsed.Tasks));
            }
            catch (TaskAlreadyExistsException taken)
            {
                int index = parsed.Tasks.ToList().FindIndex(t => t.Id == taken.TaskId);
                return Problems.IdTaken(taken, index < 0 ? "tasks" : $"tasks[{index}].id");
            }
            catch (IdempotencyConflictException conflict)
            {
                int index = parsed.Tasks.ToList().FindIndex(t => t.Queue == conflict.Queue && t.IdempotencyKey == conflict.Key);
                return Problems.IdempotencyConflict(conflict, index < 0 ? "tasks" : $"tasks[{index}].idempotencyKey");
            }
            catch (ArgumentException invalid)
            {
                return Problems.Refused("The batch is invalid.", "tasks", invalid);
            }
        }
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, IGrainFactory grains, TimeProvider clock, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } refusal) return refusal;
        var (wait, errors) = TaskQueryParser.ParseWait(request.Query);
        if (errors.Count > 0) return Problems.Invalid("The task request is invalid.", errors);
        var grain = grains.GetGrain<ITaskGrain>(id);
        TaskInfo? task;
        try
        {
            task = wait is { } waitFor ? await WaitAsync(grain, waitFor, clock, cancellationToken) : await grain.GetAsync();
        }
        catch (OrleansException)
        {
            // A silo died and Orleans has not declared it dead yet (up to 16 s with the default profile): calls to
            // the grains whose directory entry lived there fail. The store still answers, so the task stays
            // readable: directly in a silo, through the catalog grain in a gateway process.
            task = services.GetService<ILocalTaskReader>() is { } local
                ? await local.GetAsync(id)
                : await grains.GetGrain<ICatalogGrain>(0).GetTaskAsync(id);
        }
        return task is null ? Problems.TaskNotFound(id) : TypedResults.Ok(task);
    }

    /// <summary>Asks the task grain in capped calls (each below Orleans' response timeout) until the task is terminal or the wait is over.</summary>
    private static async Task<TaskInfo?> WaitAsync(ITaskGrain grain, TimeSpan wait, TimeProvider clock, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + wait;
        while (true)
        {
            var left = until - clock.GetUtcNow();
            var task = await grain.WaitForOutcomeAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            if (task is null || task.Status.IsTerminal() || clock.GetUtcNow() >= until || cancellationToken.IsCancellationRequested) return task;
        }
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (query, errors) = TaskQueryParser.Parse(request.Query);
        if (query is null) return Problems.Invalid("The task query is invalid.", errors);
        return TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).ListTasksAsync(query));
    }

    private static IResult? Refuse(ParsedTasks parsed)
    {
        if (parsed.IsValid) return null;
        return parsed.PayloadTooLarge
            ? Problems.Invalid("The payload is too large.", parsed.Errors, StatusCodes.Status413PayloadTooLarge)
            : Problems.Invalid("The task request is invalid.", parsed.Errors);
    }

    /// <summary>The 400 for a task id in a route that no task can have, or null when it is well formed.</summary>
    internal static IResult? InvalidId(string id) => TaskLimits.IsValidTaskId(id)
        ? null
        : Problems.Invalid("The task id is invalid.", "id", $"id '{Text.Clip(id)}' must match {TaskLimits.IdPattern}.");

    private static string Location(string id) => "/api/tasks/" + Uri.EscapeDataString(id);
}
