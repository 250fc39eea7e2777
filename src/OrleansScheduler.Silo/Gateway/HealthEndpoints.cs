using OrleansScheduler.Hosting;
using OrleansScheduler.Silo.Gateway.Contracts;

namespace OrleansScheduler.Silo.Gateway;

/// <summary><c>/healthz</c>: liveness and which silo (name and current incarnation) answered, outside <c>/api</c> so probes need no API key.</summary>
internal static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c>.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (SiloIdentity silo) => TypedResults.Ok(new HealthResponse("ok", silo.Id, silo.Name)))
           .WithName("Health").WithTags("Health");
        return app;
    }
}
