using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansScheduler.Executors.Http;

/// <summary>Registers what the HTTP executor needs.</summary>
public static class HttpExecutorServiceCollectionExtensions
{
    /// <summary>The name of the executor's client in <see cref="IHttpClientFactory"/>.</summary>
    public const string ClientName = "OrleansScheduler.Executors.Http";

    /// <summary>
    /// Adds the HTTP executor's services: its options from <see cref="HttpExecutorOptions.SectionName"/>, checked at
    /// start, and a named client that follows no redirects itself (the handler does, checking each hop's host),
    /// keeps no cookies, logs no header values, and retries within an attempt through <see cref="HttpTaskPipeline"/>.
    /// Calling it again adds nothing.
    /// </summary>
    public static IServiceCollection AddHttpExecutor(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(HttpExecutorMarker))) return services;
        services.AddSingleton<HttpExecutorMarker>();
        services.AddOptions<HttpExecutorOptions>().BindConfiguration(HttpExecutorOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpExecutorOptions>, HttpExecutorOptionsValidator>());
        services.TryAddTransient<HttpHandler>();
        var client = services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .RedactLoggedHeaders(_ => true);
        // Handlers added later sit inside: the pipeline retries, and the try logger below it sees every try.
        client.AddResilienceHandler("http-task", (pipeline, context) =>
                HttpTaskPipeline.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<HttpExecutorOptions>>().Value, TimeProvider.System));
        client.AddHttpMessageHandler(() => new HttpTryLogger());
        return services;
    }

    /// <summary>Marks a service collection the executor was added to.</summary>
    private sealed class HttpExecutorMarker;
}
