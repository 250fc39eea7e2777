using System.Text.RegularExpressions;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/silos</c>: Orleans' membership with each silo's load and where the scheduler grain runs, and
/// draining a silo (DESIGN.md §4). A drained silo stops claiming, lets its running tasks finish (hands
/// back what is left after its drain timeout), then leaves the cluster and stops.
/// </summary>
internal static partial class SiloEndpoints
{
    /// <summary>Silo ids in a route: a silo's address as Orleans parses it, <c>host:port@generation</c> (e.g. <c>127.0.0.1:11111@155159363</c>).</summary>
    public const string IdPattern = @"^[A-Za-z0-9.:\[\]%-]{1,80}@[0-9]{1,10}$";

    /// <summary>Maps the silo routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapSiloEndpoints(this RouteGroupBuilder api)
    {
        var silos = api.MapGroup("/silos").WithTags("Silos");
        silos.MapGet("", ListAsync).WithName("ListSilos").Produces<SiloList>()
             .WithSummary("Every silo in Orleans' membership table (Dead ones until Orleans removes them) with its status, load and queues, and the silo the scheduler grain runs on.");
        silos.MapGet("/{id}", GetAsync).WithName("GetSilo")
             .Produces<SiloInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        silos.MapPost("/{id}/drain", DrainAsync).WithName("DrainSilo")
             .WithSummary("Drain an Active silo: it stops claiming, lets its running tasks finish for up to its DrainTimeout, hands the rest back without an attempt penalty, then leaves the cluster and stops.")
             .Produces<SiloInfo>(StatusCodes.Status202Accepted).ProducesValidationProblem()
             .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).ListSilosAsync());

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        if (InvalidId(id) is { } refusal) return refusal;
        var silos = (await grains.GetGrain<ICatalogGrain>(0).ListSilosAsync()).Silos;
        return silos.FirstOrDefault(s => s.Id == id) is { } silo ? TypedResults.Ok(silo) : Problems.SiloNotFound(id, silos);
    }

    private static async Task<IResult> DrainAsync(string id, IGrainFactory grains)
    {
        if (InvalidId(id) is { } refusal) return refusal;
        var silos = (await grains.GetGrain<ICatalogGrain>(0).ListSilosAsync()).Silos;
        if (silos.FirstOrDefault(s => s.Id == id) is not { } silo) return Problems.SiloNotFound(id, silos);
        if (silo.Status != SiloState.Active) return Problems.SiloNotDrainable(silo);
        try
        {
            var load = await grains.GetGrain<IWorkerGrain>(id).DrainAsync();
            return TypedResults.Accepted(Location(id), silo with { Draining = true, Running = load.Running });
        }
        catch (OrleansException)
        {
            // It left the cluster between the read and the request: say what it is now.
            silos = (await grains.GetGrain<ICatalogGrain>(0).ListSilosAsync()).Silos;
            return silos.FirstOrDefault(s => s.Id == id) is { } now ? Problems.SiloNotDrainable(now) : Problems.SiloNotFound(id, silos);
        }
    }

    private static IResult? InvalidId(string id) => TaskLimits.WholeMatch(IdRegex(), id)
        ? null
        : Problems.Invalid("The silo id is invalid.", "id", $"id '{Text.Clip(id)}' must be a silo address, host:port@generation ({IdPattern}).");

    private static string Location(string id) => "/api/silos/" + Uri.EscapeDataString(id);

    [GeneratedRegex(IdPattern)]
    private static partial Regex IdRegex();
}
