using OrleansScheduler.Http.Contracts;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/healthz</c> (the process serves requests, and which silo or gateway it is) and <c>/readyz</c>
/// (200 once a silo has joined the cluster and while it does not drain, or once a gateway is connected;
/// 503 otherwise), outside <c>/api</c> so probes need no API key.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c> and <c>GET /readyz</c>.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (IApiHost host) => TypedResults.Ok(new HealthResponse("ok", host.Role, host.SiloId, host.Name)))
           .WithName("Health").WithTags("Health");
        app.MapGet("/readyz", (IApiHost host) => host.IsReady
                ? Results.Ok(new HealthResponse("ready", host.Role, host.SiloId, host.Name))
                : Results.Json(new HealthResponse("not-ready", host.Role, host.SiloId, host.Name), statusCode: StatusCodes.Status503ServiceUnavailable))
           .WithName("Ready").WithTags("Health")
           .Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
