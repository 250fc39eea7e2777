using System.Text.RegularExpressions;
using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// <c>/api/silos</c>: the membership table with heartbeat ages, load and the scheduler role
/// holder, and draining a silo (DESIGN.md §5, §9). A drained silo stops claiming, lets its running
/// attempts finish (hands back what is left after DrainTimeout) and leaves the table.
/// </summary>
internal static partial class SiloEndpoints
{
    /// <summary>Silo ids in a route: incarnation ids are <c>name.generation</c>; this only keeps out what no id can hold.</summary>
    public const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /// <summary>Maps the silo routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapSiloEndpoints(this RouteGroupBuilder api)
    {
        var silos = api.MapGroup("/silos").WithTags("Silos");
        silos.MapGet("", ListAsync).WithName("ListSilos").Produces<SiloListResponse>();
        silos.MapGet("/{id}", GetAsync).WithName("GetSilo")
             .Produces<SiloResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        silos.MapPost("/{id}/drain", DrainAsync).WithName("DrainSilo")
             .Produces<SiloResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem()
             .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> ListAsync(IClusterStore cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        var silos = await cluster.ListAsync(cancellationToken);
        string? holder = await cluster.GetLeaseHolderAsync(SchedulerRole.LeaseName, cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new SiloListResponse([.. silos.Select(s => SiloResponse.From(s, now, holder))], holder));
    }

    private static async Task<IResult> GetAsync(string id, IClusterStore cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } refusal) return refusal;
        var silos = await cluster.ListAsync(cancellationToken);
        if (silos.FirstOrDefault(s => s.Id == id) is not { } silo) return Problems.SiloNotFound(id, silos);
        string? holder = await cluster.GetLeaseHolderAsync(SchedulerRole.LeaseName, cancellationToken);
        return TypedResults.Ok(SiloResponse.From(silo, clock.GetUtcNow(), holder));
    }

    private static async Task<IResult> DrainAsync(string id, IClusterStore cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } refusal) return refusal;
        var silos = await cluster.ListAsync(cancellationToken);
        if (silos.FirstOrDefault(s => s.Id == id) is not { } silo) return Problems.SiloNotFound(id, silos);
        if (silo.Status == SiloStatus.Dead) return Problems.SiloNotDrainable(silo);
        if (!await cluster.RequestDrainAsync(id, cancellationToken))
        {
            // Declared dead, or gone, between the read and the request: say what it is now.
            silos = await cluster.ListAsync(cancellationToken);
            return silos.FirstOrDefault(s => s.Id == id) is { } current ? Problems.SiloNotDrainable(current) : Problems.SiloNotFound(id, silos);
        }
        // A silo with nothing to finish may have left already; then show it as it was asked.
        var drained = (await cluster.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == id) ?? silo with { DrainRequested = true };
        string? holder = await cluster.GetLeaseHolderAsync(SchedulerRole.LeaseName, cancellationToken);
        return TypedResults.Accepted(Location(id), SiloResponse.From(drained, clock.GetUtcNow(), holder));
    }

    private static IResult? InvalidId(string id) => TaskLimits.WholeMatch(IdRegex(), id)
        ? null
        : Problems.Invalid("The silo id is invalid.", "id", $"id '{Text.Clip(id)}' must match {IdPattern}.");

    private static string Location(string id) => "/api/silos/" + Uri.EscapeDataString(id);

    [GeneratedRegex(IdPattern)]
    private static partial Regex IdRegex();
}
