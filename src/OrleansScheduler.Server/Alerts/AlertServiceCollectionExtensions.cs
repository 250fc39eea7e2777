using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansScheduler.Alerts;

namespace OrleansScheduler.Server.Alerts;

/// <summary>What alerting adds to a silo: its options (section <c>Scheduler:Alerts</c>), the snapshot reader, the webhook sender and its client, and the alert grain's keep-alive.</summary>
internal static class AlertServiceCollectionExtensions
{
    public static IServiceCollection AddSchedulerAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.AddSingleton<AlertSnapshotReader>();
        services.AddSingleton<AlertWebhookSender>();
        services.AddHttpClient(AlertWebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RedactLoggedHeaders(_ => true);
        services.AddSingleton<AlertKeepAlive>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AlertKeepAlive>());
        return services;
    }
}
