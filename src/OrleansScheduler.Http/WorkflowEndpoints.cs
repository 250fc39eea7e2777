using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/workflows</c>: create a DAG of tasks, read it with every node's state and the edges, and cancel, retry
/// or delete it as a whole, each a call of the workflow's grain. Input is checked in full before any grain is
/// called, so a refused request changes nothing. 404 names an unknown workflow; 409 names the workflow, its
/// status and the statuses the operation needs.
/// </summary>
internal static class WorkflowEndpoints
{
    /// <summary>Maps the workflow routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapPost("", CreateAsync).WithName("CreateWorkflow")
                 .WithSummary("Create a workflow: a DAG of tasks; a task runs once every task it dependsOn Succeeded. A cycle, a missing or a duplicate key is a 400 naming it.")
                 .Accepts<WorkflowRequest>("application/json")
                 .Produces<WorkflowInfo>(StatusCodes.Status201Created)
                 .ProducesValidationProblem()
                 .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                 .ProducesProblem(StatusCodes.Status429TooManyRequests).RequireRateLimiting(SubmissionRateLimit.Policy);
        Known(workflows.MapGet("/{id}", GetAsync), "GetWorkflow",
                "The workflow with every node's state and the edges; with waitMs (at most 60000), once it is no longer Running or when the wait is over.")
            .AddOpenApiOperationTransformer(TaskQueryParser.DescribeParameters(TaskQueryParser.WaitParameters));
        Known(workflows.MapPost("/{id}/cancel", (string id, IGrainFactory grains) => RunAsync(id, async () => await grains.GetGrain<IWorkflowGrain>(id).CancelAsync())),
            "CancelWorkflow", "Cancel a Running workflow: every node not yet finished is canceled (running handlers' tokens fire).").ProducesProblem(StatusCodes.Status409Conflict);
        Known(workflows.MapPost("/{id}/retry", (string id, IGrainFactory grains) => RunAsync(id, async () => await grains.GetGrain<IWorkflowGrain>(id).RetryFailedAsync())),
            "RetryWorkflow", "Run the Failed and Canceled tasks of a Failed or Canceled workflow again; those whose dependencies have not all succeeded wait.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        Known(workflows.MapDelete("/{id}", (string id, IGrainFactory grains) => RunAsync(id, async () => await grains.GetGrain<IWorkflowGrain>(id).DeleteAsync())),
            "DeleteWorkflow", "Delete the workflow and its tasks (running ones are canceled first); answers it as it was.");
        return api;
    }

    /// <summary>The first and the longest pause between two looks while waiting for a workflow to end.</summary>
    private static readonly TimeSpan FirstLook = TimeSpan.FromMilliseconds(10), LongestLook = TimeSpan.FromMilliseconds(250);

    private static async Task<IResult> GetAsync(string id, HttpRequest request, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (wait, errors) = TaskQueryParser.ParseWait(request.Query);
        if (errors.Count > 0) return Problems.Invalid("The workflow request is invalid.", errors);
        var grain = grains.GetGrain<IWorkflowGrain>(id);
        return await RunAsync(id, async () =>
        {
            var until = clock.GetUtcNow() + (wait ?? TimeSpan.Zero);
            var pause = FirstLook;
            while (true)
            {
                var workflow = await grain.GetAsync();
                var left = until - clock.GetUtcNow();
                if (workflow is null || workflow.Status != WorkflowStatus.Running || left <= TimeSpan.Zero) return workflow;
                await Task.Delay(pause < left ? pause : left, clock, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestLook.Ticks));
            }
        });
    }

    private static RouteHandlerBuilder Known(RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name).WithSummary(summary).Produces<WorkflowInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains, TimeProvider clock, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        int maxPayload = options.Value.MaxPayloadBytes;
        var (document, problem) = await JsonBodyReader.ReadAsync(request, GatewayLimits.BatchBody(maxPayload), cancellationToken);
        if (problem is not null) return problem;
        using (document)
        {
            var now = clock.GetUtcNow();
            var (workflow, chosenId, errors, tooLarge) = WorkflowRequestParser.Parse(document!.RootElement, now, maxPayload);
            if (workflow is null)
            {
                return tooLarge
                    ? Problems.Invalid("The payload is too large.", errors, StatusCodes.Status413PayloadTooLarge)
                    : Problems.Invalid("The workflow is invalid.", errors);
            }
            string id = chosenId ?? TaskId.New(now);
            try
            {
                var created = await grains.GetGrain<IWorkflowGrain>(id).CreateAsync(workflow);
                return TypedResults.Created(Location(id), created);
            }
            catch (WorkflowAlreadyExistsException)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The workflow id is taken.",
                    detail: $"A workflow with id '{id}' exists already; choose another id or leave it out.",
                    extensions: new Dictionary<string, object?> { ["workflowId"] = id, ["field"] = "id" });
            }
            catch (ArgumentException invalid)
            {
                // The grain checks again with the silo's limits; should they be stricter than ours, say so as a 400.
                return Problems.Invalid("The workflow is invalid.", "body", invalid.Message);
            }
        }
    }

    private static async Task<IResult> RunAsync(string id, Func<Task<WorkflowInfo?>> operation)
    {
        if (!TaskLimits.IsValidId(id))
            return Problems.Invalid("The workflow id is invalid.", "id", $"id '{Text.Clip(id)}' must match {TaskLimits.IdPattern}.");
        try
        {
            return await operation() is { } workflow ? TypedResults.Ok(workflow) : NotFound(id);
        }
        catch (WorkflowNotFoundException)
        {
            return NotFound(id);
        }
        catch (WorkflowStateConflictException conflict)
        {
            return Conflict(conflict);
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Workflow not found.",
            detail: $"There is no workflow with id '{id}'.", extensions: new Dictionary<string, object?> { ["workflowId"] = id });

    private static ProblemHttpResult Conflict(WorkflowStateConflictException conflict) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The workflow's status does not allow {conflict.Operation}.",
            detail: conflict.Message,
            extensions: new Dictionary<string, object?>
            {
                ["workflowId"] = conflict.WorkflowId,
                ["operation"] = conflict.Operation,
                // Not "status": ProblemDetails already uses that name for the HTTP status code.
                ["workflowStatus"] = conflict.Actual.ToString(),
                ["allowedStatuses"] = conflict.Expected.Select(s => s.ToString()).ToArray(),
            });

    private static string Location(string id) => "/api/workflows/" + Uri.EscapeDataString(id);
}
