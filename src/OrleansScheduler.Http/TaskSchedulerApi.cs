using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansScheduler.Http;

/// <summary>
/// The scheduler's HTTP API in an ASP.NET Core app: <c>services.AddTaskSchedulerApi(configuration)</c>, then
/// <c>app.MapTaskSchedulerApi()</c>. The app must also give the endpoints an <see cref="IGrainFactory"/> (a
/// silo's, or an Orleans client's) and an <see cref="IApiHost"/> saying what it is.
/// </summary>
public static class TaskSchedulerApi
{
    /// <summary>Adds what the endpoints need: options (section <c>Scheduler</c>), JSON with enums as names, ProblemDetails for every error, OpenAPI.</summary>
    public static IServiceCollection AddTaskSchedulerApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.TryAddSingleton<ApiKeyRing>();
        services.AddOptions<EventStreamOptions>().Bind(configuration.GetSection(EventStreamOptions.Section))
                .Validate(o => o.Problem() is null, "Scheduler:Events: PollInterval and KeepAliveInterval must be positive.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.DescribeRoutingProblem);
        services.AddExceptionHandler<LastResortExceptionHandler>();
        services.AddSubmissionRateLimit(configuration);
        services.AddOpenApi(o => o.AddSchemaTransformer(OpenApiSchemas.IntegersAreNumbersOnly));
        return services;
    }

    /// <summary>
    /// Maps <c>/api/*</c> (behind the API keys when <c>Scheduler:ApiKey</c> or <c>Scheduler:ApiKeys</c> are set), <c>/healthz</c>,
    /// <c>/readyz</c> and <c>/openapi/v1.json</c>, with the ProblemDetails middleware in front.
    /// </summary>
    public static WebApplication MapTaskSchedulerApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        // Resolving the keys here validates them: a bad key setting stops the app before it listens.
        app.UseMiddleware<ApiKeyMiddleware>(app.Services.GetRequiredService<ApiKeyRing>());
        // After the key check, so the limit is counted per key and a refused key spends nothing.
        app.UseRateLimiter();
        var api = app.MapGroup("/api");
        api.MapTaskEndpoints();
        api.MapEventEndpoints();
        api.MapQueueEndpoints();
        api.MapSiloEndpoints();
        api.MapScheduleEndpoints();
        api.MapWorkflowEndpoints();
        api.MapAlertEndpoints();
        return app;
    }
}
