using OrleansScheduler.Http.Contracts;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/healthz</c> (the process serves requests, which silo or gateway it is, and what it knows of its store: 503
/// when Redis lost data under it and an operator must recover, see docs/redis-faults.md) and <c>/readyz</c>
/// (200 once a silo has joined the cluster and while it does not drain, or once a gateway is connected;
/// 503 otherwise), outside <c>/api</c> so probes need no API key.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c> and <c>GET /readyz</c>.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (IApiHost host) =>
            {
                var health = host.Health;
                var answer = new HealthResponse(health.Status, host.Role, host.SiloId, host.Name, health.Cause);
                return Results.Json(answer, statusCode: health.NeedsOperator ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
            })
           .WithName("Health").WithTags("Health")
           .Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/readyz", (IApiHost host) => host.IsReady
                ? Results.Ok(new HealthResponse("ready", host.Role, host.SiloId, host.Name))
                : Results.Json(new HealthResponse("not-ready", host.Role, host.SiloId, host.Name), statusCode: StatusCodes.Status503ServiceUnavailable))
           .WithName("Ready").WithTags("Health")
           .Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
