using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/schedules</c>: create, replace, list, get and delete cron schedules, through each schedule's
/// grain (the catalog grain lists them); the scheduler grain fires them. Input is checked in full before
/// any grain is called, so a refused request changes nothing.
/// </summary>
internal static class ScheduleEndpoints
{
    /// <summary>Maps the schedule routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapScheduleEndpoints(this RouteGroupBuilder api)
    {
        var schedules = api.MapGroup("/schedules").WithTags("Schedules");
        schedules.MapPost("", CreateAsync).WithName("CreateSchedule")
                 .WithSummary("Create a cron schedule; 409 when the name is taken.")
                 .Accepts<ScheduleRequest>("application/json")
                 .Produces<ScheduleInfo>(StatusCodes.Status201Created)
                 .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
                 .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        schedules.MapPut("/{name}", UpsertAsync).WithName("PutSchedule")
                 .WithSummary("Create (201) or replace (200) the schedule with this name. Replacing recomputes its next tick from now and keeps its history.")
                 .Accepts<ScheduleRequest>("application/json")
                 .Produces<ScheduleInfo>().Produces<ScheduleInfo>(StatusCodes.Status201Created)
                 .ProducesValidationProblem()
                 .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        schedules.MapGet("", ListAsync).WithName("ListSchedules").WithSummary("Every cron schedule, sorted by name.")
                 .Produces<ScheduleList>();
        schedules.MapGet("/{name}", GetAsync).WithName("GetSchedule")
                 .Produces<ScheduleInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        schedules.MapDelete("/{name}", DeleteAsync).WithName("DeleteSchedule")
                 .WithSummary("Delete a schedule; the tasks it submitted stay.")
                 .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains, TimeProvider clock, IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        var (schedule, problem) = await ReadAsync(request, routeName: null, clock, options.Value.MaxPayloadBytes, cancellationToken);
        if (problem is not null) return problem;
        try
        {
            var created = await grains.GetGrain<IScheduleGrain>(schedule!.Name).CreateAsync(schedule);
            return TypedResults.Created(Location(created.Name), created);
        }
        catch (ScheduleAlreadyExistsException taken)
        {
            return NameTaken(taken);
        }
        catch (ArgumentException invalid)
        {
            // The store re-checks definitions; should its rules ever be stricter than ours, say so as a 400.
            return Problems.Invalid("The schedule is invalid.", "body", invalid.Message);
        }
    }

    private static async Task<IResult> UpsertAsync(string name, HttpRequest request, IGrainFactory grains, TimeProvider clock,
        IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } refusal) return refusal;
        var (schedule, problem) = await ReadAsync(request, name, clock, options.Value.MaxPayloadBytes, cancellationToken);
        if (problem is not null) return problem;
        try
        {
            var put = await grains.GetGrain<IScheduleGrain>(name).PutAsync(schedule!);
            return put.Created ? TypedResults.Created(Location(name), put.Schedule) : TypedResults.Ok(put.Schedule);
        }
        catch (ArgumentException invalid)
        {
            return Problems.Invalid("The schedule is invalid.", "body", invalid.Message);
        }
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).ListSchedulesAsync());

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains)
    {
        if (InvalidName(name) is { } refusal) return refusal;
        return await grains.GetGrain<IScheduleGrain>(name).GetAsync() is { } schedule ? TypedResults.Ok(schedule) : NotFound(name);
    }

    private static async Task<IResult> DeleteAsync(string name, IGrainFactory grains)
    {
        if (InvalidName(name) is { } refusal) return refusal;
        return await grains.GetGrain<IScheduleGrain>(name).DeleteAsync() ? TypedResults.NoContent() : NotFound(name);
    }

    /// <summary>The parsed definition, or the problem to answer instead: 415, 413 or 400 naming each bad field.</summary>
    private static async Task<(ScheduleDefinition? Schedule, IResult? Problem)> ReadAsync(HttpRequest request, string? routeName, TimeProvider clock,
        int maxPayloadBytes, CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBodyReader.ReadAsync(request, GatewayLimits.SingleBody(maxPayloadBytes), cancellationToken);
        if (problem is not null) return (null, problem);
        using (document)
        {
            var (schedule, errors, tooLarge) = ScheduleRequestParser.Parse(document!.RootElement, routeName, clock.GetUtcNow(), maxPayloadBytes);
            if (schedule is not null) return (schedule, null);
            return (null, tooLarge
                ? Problems.Invalid("The payload is too large.", errors, StatusCodes.Status413PayloadTooLarge)
                : Problems.Invalid("The schedule request is invalid.", errors));
        }
    }

    private static IResult? InvalidName(string name) => ScheduleLimits.IsValidName(name)
        ? null
        : Problems.Invalid("The schedule name is invalid.", "name", $"name '{Text.Clip(name)}' must match {ScheduleLimits.NamePattern}.");

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Schedule not found.",
            detail: $"There is no schedule named '{name}'; GET /api/schedules lists them.", extensions: new Dictionary<string, object?> { ["schedule"] = name });

    private static ProblemHttpResult NameTaken(ScheduleAlreadyExistsException taken) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["name"] = [$"a schedule named '{taken.Name}' already exists."] })
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The schedule name is taken.",
            Detail = $"name: {taken.Message}",
            Extensions = { ["schedule"] = taken.Name },
        });

    private static string Location(string name) => "/api/schedules/" + Uri.EscapeDataString(name);
}
